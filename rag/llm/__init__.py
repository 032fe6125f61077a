"""Language models: the provider switch (`providers`), the local in-process model
(`local`, `model_files`), the prompts (`prompts`) and a scripted fake (`scripted`).

Import the submodule you need; this package imports nothing itself (llama-index and
llama-cpp load only when a model is built)."""
