"""One indexed engine per corpus a question set is about (the seeds index, or a
temporary one for a corpus under `evals/corpora/`), built once and reused."""
import tempfile
from pathlib import Path

from rag import get_engine
from rag.core.engine import Engine
from rag.evals.sets import corpus_articles
from rag.settings import Settings

_ENGINES: dict[tuple[Path | None, str], Engine] = {}


def engine_for(path: Path, base: Settings) -> Engine:
    """The engine (with `base` settings) over the articles the set at `path` asks about."""
    articles = corpus_articles(path)
    key = (articles, base.llm)
    if key not in _ENGINES:
        tmp = Path(tempfile.mkdtemp())
        settings = base if articles is None else base.model_copy(update={
            "seeds_dir": articles, "index_dir": tmp / "i", "data_dir": tmp / "d",
            "chroma_host": None})
        engine = get_engine(settings)
        engine.index() if articles is not None else engine.ensure_index()
        _ENGINES[key] = engine
    return _ENGINES[key]
