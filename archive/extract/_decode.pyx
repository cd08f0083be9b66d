# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The CRF tagger's inner loop in C: state scores from per-word score rows, then Viterbi.

`archive.extract.decoder` prepares the inputs and is the only caller; `archive.extract.ner` falls back to
crfsuite's own tagger when this module was not compiled. The scores are the ones crfsuite computes for
the same model and features (a sum of weights per label, a first-order transition matrix, no start or
end transitions), and ties go to the lowest label id as in crfsuite's `crf1dc_viterbi`.
"""

from libc.stdlib cimport free, malloc


def decode(
    const double[::1] table,
    const int[::1] rows,
    const int[::1] lengths,
    const int[::1] extra_at,
    const int[::1] extra_attribute,
    const double[::1] attributes,
    const double[::1] transitions,
    int labels,
    int[::1] out,
):
    """Label ids of every token of consecutive sentences, written into `out`.

    - `table`: word rows of 5 × `labels` doubles: the word's own scores, then what it adds to the tokens
      2 after, 1 after, 1 before and 2 before it (row 0 is all zeros);
    - `rows`: each token's word row; `lengths`: the sentences' lengths, in order;
    - `extra_at`, `extra_attribute`: further features of single tokens (sentence edges, gazetteer
      phrases, date phrases), as token index and row of `attributes` (`labels` doubles each), sentence
      after sentence (in any order within a sentence);
    - `transitions`: `labels` × `labels`, from row to column.
    """
    cdef Py_ssize_t L = labels, W = 5 * labels
    cdef Py_ssize_t sentences = lengths.shape[0], longest = 0, s, n, start = 0, i, y, x, best
    cdef double score, top
    for s in range(sentences):
        if lengths[s] > longest:
            longest = lengths[s]
    if longest == 0:
        return
    cdef double *state = <double *> malloc(longest * L * sizeof(double))
    cdef double *alpha = <double *> malloc(longest * L * sizeof(double))
    cdef int *back = <int *> malloc(longest * L * sizeof(int))
    if state == NULL or alpha == NULL or back == NULL:
        free(state)
        free(alpha)
        free(back)
        raise MemoryError()
    cdef Py_ssize_t e = 0, extras = extra_at.shape[0]
    cdef const double *row
    try:
        for s in range(sentences):
            n = lengths[s]
            for i in range(n):
                row = &table[rows[start + i] * W]
                for y in range(L):
                    state[i * L + y] = row[y]
                if i >= 2:
                    row = &table[rows[start + i - 2] * W + L]
                    for y in range(L):
                        state[i * L + y] += row[y]
                if i >= 1:
                    row = &table[rows[start + i - 1] * W + 2 * L]
                    for y in range(L):
                        state[i * L + y] += row[y]
                if i + 1 < n:
                    row = &table[rows[start + i + 1] * W + 3 * L]
                    for y in range(L):
                        state[i * L + y] += row[y]
                if i + 2 < n:
                    row = &table[rows[start + i + 2] * W + 4 * L]
                    for y in range(L):
                        state[i * L + y] += row[y]
            while e < extras and extra_at[e] < start + n:
                i = extra_at[e] - start
                row = &attributes[extra_attribute[e] * L]
                for y in range(L):
                    state[i * L + y] += row[y]
                e += 1
            # Viterbi, as crfsuite: no start or end transition, the first best label wins a tie.
            for y in range(L):
                alpha[y] = state[y]
            for i in range(1, n):
                for y in range(L):
                    top = -1.7976931348623157e308
                    best = -1
                    for x in range(L):
                        score = alpha[(i - 1) * L + x] + transitions[x * L + y]
                        if top < score:
                            top = score
                            best = x
                    back[i * L + y] = <int> best
                    alpha[i * L + y] = top + state[i * L + y]
            if n:
                top = -1.7976931348623157e308
                best = 0
                for y in range(L):
                    if top < alpha[(n - 1) * L + y]:
                        top = alpha[(n - 1) * L + y]
                        best = y
                out[start + n - 1] = <int> best
                for i in range(n - 2, -1, -1):
                    best = back[(i + 1) * L + best]
                    out[start + i] = <int> best
            start += n
    finally:
        free(state)
        free(alpha)
        free(back)
