// Side-by-side search timings on Lucene (Apache-2.0, Debian liblucene8-java), benchmarks only.
//
//   java -cp lucene-core.jar:lucene-analyzers-common.jar:. SearchBench index DOCS.tsv INDEX_DIR
//   java -cp ... SearchBench search INDEX_DIR QUERIES.tsv PAGE cold|warm
//
// DOCS.tsv: id, yyyymmdd, source id, the article's search_vector as PostgreSQL prints it, entity ids.
// The tsvector's lexemes are laid out again in position order as whitespace-separated terms and indexed
// with WhitespaceAnalyzer, so Lucene sees exactly the terms PostgreSQL holds (title terms also in "title").
// QUERIES.tsv: kind, sort (relevance|date), op (TERM|AND|OR|PHRASE|NONE), terms, from, to, entity ids,
// facets (0|1). Prints "kind<TAB>ms<TAB>total hits" per query.
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

public class SearchBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("index")) {
            index(args[1], args[2]);
        } else {
            search(args[1], args[2], Integer.parseInt(args[3]), args[4].equals("cold"));
        }
    }

    /** (position, term) pairs of a tsvector literal such as 'هێرش':3A,17C 'it''s':5 */
    static String[] terms(String vector, StringBuilder title) {
        List<long[]> order = new ArrayList<>();
        List<String> lexemes = new ArrayList<>();
        int i = 0;
        int n = vector.length();
        while (i < n) {
            if (vector.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder lexeme = new StringBuilder();
            i++;
            while (i < n) {
                char c = vector.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    lexeme.append(vector.charAt(i + 1));
                    i += 2;
                } else if (c == '\'' && i + 1 < n && vector.charAt(i + 1) == '\'') {
                    lexeme.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    lexeme.append(c);
                    i++;
                }
            }
            int index = lexemes.size();
            lexemes.add(lexeme.toString());
            if (i < n && vector.charAt(i) == ':') {
                i++;
                while (i < n && vector.charAt(i) != ' ') {
                    int start = i;
                    while (i < n && Character.isDigit(vector.charAt(i))) i++;
                    long position = Long.parseLong(vector.substring(start, i));
                    char weight = 'D';
                    if (i < n && Character.isLetter(vector.charAt(i))) weight = vector.charAt(i++);
                    order.add(new long[] {position, index});
                    if (weight == 'A') title.append(lexeme).append(' ');
                    if (i < n && vector.charAt(i) == ',') i++;
                }
            } else {
                order.add(new long[] {Long.MAX_VALUE, index});
            }
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        String[] out = new String[order.size()];
        for (int k = 0; k < out.length; k++) out[k] = lexemes.get((int) order.get(k)[1]);
        return out;
    }

    static void index(String docs, String dir) throws Exception {
        IndexWriterConfig config = new IndexWriterConfig(new WhitespaceAnalyzer());
        config.setRAMBufferSizeMB(256);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        long started = System.nanoTime();
        long count = 0;
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(Paths.get(dir)), config);
                BufferedReader in = Files.newBufferedReader(Paths.get(docs), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] cols = line.split("\t", -1);
                StringBuilder title = new StringBuilder();
                String text = String.join(" ", terms(cols[3], title));
                int published = cols[1].isEmpty() ? 0 : Integer.parseInt(cols[1]);
                Document doc = new Document();
                doc.add(new StoredField("id", Long.parseLong(cols[0])));
                doc.add(new TextField("text", text, Field.Store.NO));
                doc.add(new TextField("title", title.toString(), Field.Store.NO));
                doc.add(new IntPoint("published_p", published));
                doc.add(new NumericDocValuesField("published", published));
                doc.add(new NumericDocValuesField("source", cols[2].isEmpty() ? 0 : Long.parseLong(cols[2])));
                if (cols.length > 4 && !cols[4].isEmpty()) {
                    for (String entity : cols[4].split(" ")) doc.add(new StringField("entity", entity, Field.Store.NO));
                }
                writer.addDocument(doc);
                count++;
            }
            writer.forceMerge(1);
        }
        System.out.println("indexed\t" + count + "\t" + (System.nanoTime() - started) / 1e9);
    }

    static Query build(String op, String[] words, boolean relevance) {
        if (op.equals("NONE")) return new MatchAllDocsQuery();
        if (op.equals("PHRASE")) return new PhraseQuery("text", words);
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String word : words) {
            Query term = new TermQuery(new Term("text", word));
            if (relevance) {
                // Title matches rank first, as title is weight A in PostgreSQL.
                BooleanQuery.Builder either = new BooleanQuery.Builder();
                either.add(term, BooleanClause.Occur.MUST);
                either.add(new TermQuery(new Term("title", word)), BooleanClause.Occur.SHOULD);
                term = either.build();
            }
            builder.add(term, op.equals("OR") ? BooleanClause.Occur.SHOULD : BooleanClause.Occur.MUST);
        }
        return builder.build();
    }

    static void search(String dir, String queries, int page, boolean cold) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        List<String> lines = Files.readAllLines(Paths.get(queries), StandardCharsets.UTF_8);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(Paths.get(dir)))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            // Warm: the JIT and the page cache, three passes over every query (PostgreSQL gets its second run).
            for (int pass = 0; pass < (cold ? 0 : 3); pass++) {
                for (String line : lines) runOne(searcher, line, page);
            }
            for (String line : lines) {
                long started = System.nanoTime();
                long total = runOne(searcher, line, page);
                double elapsed = (System.nanoTime() - started) / 1e6;
                out.println(line.split("\t", 2)[0] + "\t" + elapsed + "\t" + total);
            }
        }
    }

    static long runOne(IndexSearcher searcher, String line, int page) throws Exception {
        String[] cols = line.split("\t", -1);
        boolean relevance = cols[1].equals("relevance");
        Query text = build(cols[2], cols[3].isEmpty() ? new String[0] : cols[3].split(" "), relevance);
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST);
        if (!cols[4].isEmpty()) {
            builder.add(IntPoint.newRangeQuery("published_p", Integer.parseInt(cols[4]), Integer.parseInt(cols[5])),
                    BooleanClause.Occur.FILTER);
        }
        if (!cols[6].isEmpty()) {
            BooleanQuery.Builder anyEntity = new BooleanQuery.Builder();
            for (String id : cols[6].split(" ")) anyEntity.add(new TermQuery(new Term("entity", id)), BooleanClause.Occur.SHOULD);
            builder.add(anyEntity.build(), BooleanClause.Occur.FILTER);
        }
        Query query = builder.build();
        TopDocs top = relevance ? searcher.search(query, page) : searcher.search(query, page, NEWEST);
        for (ScoreDoc hit : top.scoreDocs) searcher.doc(hit.doc);
        return cols[7].equals("1") ? facetCounts(searcher, query) : top.totalHits.value;
    }

    static final Sort NEWEST = new Sort(new SortField("published", SortField.Type.LONG, true));

    /** Counts of every match by outlet and by year (all matches, not a sample); returns the match count. */
    static long facetCounts(IndexSearcher searcher, Query query) throws Exception {
        Map<Long, Integer> bySource = new HashMap<>();
        Map<Long, Integer> byYear = new HashMap<>();
        long[] matched = {0};
        searcher.search(query, new SimpleCollector() {
            NumericDocValues source;
            NumericDocValues published;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws java.io.IOException {
                source = context.reader().getNumericDocValues("source");
                published = context.reader().getNumericDocValues("published");
            }

            @Override
            public void collect(int doc) throws java.io.IOException {
                matched[0]++;
                if (source.advanceExact(doc)) bySource.merge(source.longValue(), 1, Integer::sum);
                if (published.advanceExact(doc)) byYear.merge(published.longValue() / 10000, 1, Integer::sum);
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        return matched[0];
    }
}
