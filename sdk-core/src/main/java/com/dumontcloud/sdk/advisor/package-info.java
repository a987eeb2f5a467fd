/**
 * The GPU advisor (the seeds' "AI wizard"), deterministic and checkable: how much GPU memory a model needs for a
 * workload, and which live offers of the configured providers hold it.
 *
 * <ul>
 *   <li>{@link com.dumontcloud.sdk.advisor.ModelCatalog}: open models (Llama 3.x, Qwen 2.5/3, Mistral/Mixtral, Phi,
 *       Gemma, DeepSeek-R1 distills, Whisper, SDXL, the seeds' templates) with parameter count, layers, KV heads,
 *       head dim, default dtype and maximum context, each with its source (the model's config.json or card).
 *   <li>{@link com.dumontcloud.sdk.advisor.VramEstimate}: weights + KV cache + runtime overhead + the headroom vLLM's
 *       {@code gpu_memory_utilization} leaves, every term reported, and the tensor-parallel size a GPU needs.
 *   <li>{@link com.dumontcloud.sdk.advisor.Advisor} ({@code dumont.advisor()}): {@code recommend(model, workload)}
 *       searches offers and answers three tiers (minimum, recommended, maximum) with a plain-language reason each.
 *   <li>{@link com.dumontcloud.sdk.advisor.MemoryBandwidth}: GPU memory bandwidth (the provider's figure or the
 *       datasheet's) and the decode roofline that estimates output tokens per second when none is measured.
 *   <li>{@link com.dumontcloud.sdk.advisor.LlmExplainer}: an optional plain-language explanation by a language model
 *       behind an OpenAI-compatible endpoint, off by default, attached beside the figures.
 * </ul>
 *
 * <p>Every number is computed from the catalog and the offers with the formulas documented on {@link
 * com.dumontcloud.sdk.advisor.VramEstimate} and {@link com.dumontcloud.sdk.advisor.MemoryBandwidth} (and in {@code
 * docs/advisor.md}); none comes from a language model, not even with an explanation.
 */
package com.dumontcloud.sdk.advisor;
