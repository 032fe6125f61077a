"""Language-model providers behind llama-index's `LLM`, chosen by one `match`.

`openai`: OpenAI's API (`OPENAI_API_KEY`). `openai_like`: any OpenAI-compatible server
(Ollama, vLLM, llama.cpp server) at `RAG_LLM_BASE_URL`. `scripted`: a fake that replays
canned replies and records the prompts it got, for fast tests. `none`: no model; the
offline extractive answerer is used. The LLM is always passed explicitly: llama-index's
global default is never consulted. Nothing is built at import.

Failures (server down, bad key, timeout, rate limit, a reply that isn't JSON, a stream
that breaks off, anything unexpected) become `LLMError` with one clear message naming
the server. Each request, its `llm_max_retries` retries included, ends within
(`llm_max_retries` + 1) x `llm_timeout` seconds of wall-clock time, however slowly the
server trickles, and takes at most `CHARS_PER_TOKEN` x `llm_max_tokens` characters of
text (`llm_limits`, enforced by `rag.llm.bounded`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rag.errors import LLMError
from rag.llm.bounded import Limits
from rag.settings import Settings

# The output cap: a server that ignores `max_tokens` is cut off at this many
# characters per requested token (English averages about 4).
CHARS_PER_TOKEN = 8

if TYPE_CHECKING:
    from llama_index.core.llms import LLM


def build_llm(settings: Settings) -> LLM | None:
    """The one place a language model is chosen; None means "answer offline"."""
    match settings.effective_llm:
        case "extractive" | "local":
            return None  # the local model is not a llama-index LLM: see rag.llm.local
        case "openai":
            key = settings.llm_api_key or settings.openai_api_key
            if not key:
                raise LLMError("RAG_LLM=openai needs an API key: set OPENAI_API_KEY")
            from llama_index.llms.openai import OpenAI

            return OpenAI(
                model=settings.llm_model,
                api_key=key,
                temperature=settings.llm_temperature,
                max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout,
                max_retries=0,  # retries happen once, in the client below
                openai_client=_openai_client(settings, key, None),
            )
        case "openai_like":
            if not settings.llm_base_url:
                raise LLMError(
                    "RAG_LLM=openai_like needs the server's address: set RAG_LLM_BASE_URL "
                    "(e.g. http://localhost:11434/v1 for Ollama)"
                )
            from llama_index.llms.openai_like import OpenAILike

            key = settings.llm_api_key or "not-needed"
            return OpenAILike(  # type: ignore[call-arg]  # kwargs pass on to OpenAI
                model=settings.llm_model,
                api_base=settings.llm_base_url,
                api_key=key,
                is_chat_model=True,
                context_window=settings.llm_context_window,
                temperature=settings.llm_temperature,
                max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout,
                max_retries=0,
                openai_client=_openai_client(settings, key, settings.llm_base_url),
            )
        case "scripted":
            from rag.llm.scripted import ScriptedLLM

            return ScriptedLLM.from_settings(settings)
    raise LLMError(f"unknown language-model provider: {settings.llm!r}")


def _openai_client(settings: Settings, key: str, base_url: str | None) -> Any:
    """One `openai` client per LLM with its own per-read timeout and no retries of its
    own: `rag.llm.bounded` retries, within the request's one deadline (the client's
    retries would sleep out a `Retry-After` of up to a minute). Its responses are
    tracked, so a request closes what it opened (`rag.llm.responses`)."""
    import httpx
    import openai

    from rag.llm.responses import track

    timeout = httpx.Timeout(settings.llm_timeout, connect=min(settings.llm_timeout, 10.0))
    http = openai.DefaultHttpxClient(timeout=timeout, event_hooks={"response": [track]})
    return openai.OpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=0,
                         http_client=http)


def llm_limits(settings: Settings) -> Limits:
    """The bounds of one model request: its deadline, output cap and retries."""
    return Limits(deadline_s=settings.llm_timeout * (settings.llm_max_retries + 1),
                  max_chars=CHARS_PER_TOKEN * settings.llm_max_tokens,
                  retries=settings.llm_max_retries)


def retryable(exc: BaseException) -> bool:
    """Worth another try: a timeout, a connection failure, a 429 or a 5xx."""
    import httpx
    import openai

    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError | httpx.TransportError)


def llm_where(settings: Settings) -> str:
    """Which server a message is about, in words a user recognises."""
    if settings.effective_llm == "openai_like":
        return f"the language-model server at {settings.llm_base_url}"
    if settings.effective_llm == "scripted":
        return "the scripted language model"
    return "the OpenAI API"


def llm_error(exc: BaseException, settings: Settings, mid_reply: bool = False) -> LLMError:
    """Turn any exception of a model request into one message: which server, what, what
    to do. `mid_reply`: some of the reply had already arrived (a broken stream)."""
    import json

    import httpx
    import openai

    where = llm_where(settings)
    model = settings.llm_model
    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        # A bare TimeoutError is the whole request's deadline (rag.llm.bounded).
        seconds = (llm_limits(settings).deadline_s if type(exc) is TimeoutError
                   else settings.llm_timeout)
        return LLMError(
            f"{where} did not answer within {seconds:g} s: it may be overloaded "
            "or the model too slow; try again, or raise RAG_LLM_TIMEOUT (at most 60)"
        )
    if isinstance(exc, json.JSONDecodeError):
        return LLMError(
            f"{where} sent a reply that isn't valid JSON (cut off, or not an "
            f"OpenAI-compatible server? check RAG_LLM_BASE_URL): {_short(exc)}"
        )
    cause = exc.__cause__ if isinstance(exc, openai.APIConnectionError) else exc
    if isinstance(cause, httpx.RemoteProtocolError | httpx.ReadError):
        return LLMError(
            f"{where} closed the connection before its reply was complete "
            f"({_short(cause)}); try again"
        )
    if mid_reply:
        return LLMError(f"{where} broke off its reply before the end "
                        f"({type(exc).__name__}: {_short(exc)}); try again")
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        hint = (
            "is the server running? Check RAG_LLM_BASE_URL"
            if settings.effective_llm == "openai_like"
            else "check your network connection"
        )
        return LLMError(f"can't reach {where}: {hint}")
    if isinstance(exc, openai.AuthenticationError):
        return LLMError(
            f"{where} rejected the API key (401): check OPENAI_API_KEY or RAG_LLM_API_KEY"
        )
    if isinstance(exc, openai.PermissionDeniedError):
        return LLMError(f"{where} refused access to model {model!r} (403): check your key's access")
    if isinstance(exc, openai.RateLimitError):
        return LLMError(
            f"{where} is rate-limiting requests or the quota is used up (429): wait a minute "
            "and try again, or check your plan"
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMError(
            f"{where} has no model {model!r} (404): set RAG_LLM_MODEL to a model it serves"
        )
    if isinstance(exc, openai.BadRequestError):
        return LLMError(f"{where} rejected the request (400): {_short(exc)}")
    if isinstance(exc, openai.APIStatusError):
        return LLMError(
            f"{where} failed with HTTP {exc.status_code}: {_short(exc)}; try again later"
        )
    if isinstance(exc, openai.OpenAIError | httpx.HTTPError):
        return LLMError(f"{where} failed: {_short(exc)}")
    return LLMError(
        f"{where} sent a reply that couldn't be read ({type(exc).__name__}: {_short(exc)}); "
        "is it an OpenAI-compatible server? Check RAG_LLM_BASE_URL"
    )


def llm_failures() -> tuple[type[BaseException], ...]:
    """The exception types `llm_error` knows how to explain (imported lazily)."""
    import httpx
    import openai

    return (openai.OpenAIError, httpx.HTTPError)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
