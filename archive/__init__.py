# The worker's pure modules run from their Cython builds when these match their sources (archive/compiled.py).
from archive.compiled import install as _install_compiled

_install_compiled()
