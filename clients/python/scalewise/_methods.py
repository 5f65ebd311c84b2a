# Generated from the protocol's schemas by clients/python/scripts/generate_methods.py:
# do not edit; regenerate after a schema change (tests/test_generated.py checks it).
"""One method per Scalewise request, with the protocol's fields as keyword arguments.

Keyword arguments are the protocol's fields in snake_case (`target_loss` -> `targetLoss`);
nested dicts may use either spelling. Numbers take quantities ('7B', '1.4T'); ranges
{low, high} also take a number or a (low, high) pair. `None` means absent."""
from ._params import camel, convert, params_of  # noqa: F401 (camel, params_of: re-exported)


class Methods:
    def _call(self, method, params, timeout=None, progress=None):  # pragma: no cover - overridden
        raise NotImplementedError

    def _method(self, method, fields, timeout=None, progress=None):
        return self._call(method, convert(SHAPES[method], fields), timeout=timeout, progress=progress)

    def cost_api_prices(self, *, provider=None, provenance=None, timeout=None, progress=None):
        """cost/apiPrices: API list prices per million input and output tokens, each dated and sourced;
            their ids are what cost/inference's apis and cost/tco's apiPrice take.

        Args:
            provider (string): Only this provider's prices (case-insensitive)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: prices.
        """
        return self._method("cost/apiPrices", {"provider": provider, "provenance": provenance}, timeout, progress)

    def inference_cost(self, *, params=None, model=None, architecture=None, hardware=None, precision=None, kv_cache_bytes_per_element=None, context_tokens=None, output_tokens=None, batch=None, latency_target_seconds_per_token=None, tokens_per_month=None, mfu=None, price_per_hour=None, memory_utilization=None, apis=None, active_params=None, tensor_parallel=None, attention_data_parallel=None, pricing=None, provenance=None, timeout=None, progress=None):
        """cost/inference: Serving cost by roofline: weights and KV cache
            (2·layers·kvHeads·headDim·bytes per token), GPUs per replica, prefill/decode throughput,
            $/1M tokens {low, mid, high}, GPUs needed for tokensPerMonth, and API comparisons.

        Required: hardware, context_tokens, output_tokens.

        Give one of: params + architecture | model.

        Args:
            params (number)
            model (string): A reference model id from models/list (matched case-insensitively), e.g.
                llama-3.1-8b
            architecture (dict): layers, kvHeads and headDim (or hidden and heads); other
                architecture members are accepted and ignored
            hardware (string): Accelerator id from hardware/list
            precision ("fp32" | "tf32" | "fp16" | "bf16" | "fp8" | "int8" | "int4"): Numeric
                precision; default bf16
            kv_cache_bytes_per_element (number): default 2 (bf16 KV cache)
            context_tokens (number)
            output_tokens (number)
            batch (integer)
            latency_target_seconds_per_token (number)
            tokens_per_month (number)
            mfu (number)
            price_per_hour (range: a number, (low, high) or {'low', 'high'}): A range {low, high}
                with 0 ≤ low ≤ high; mid is the midpoint.
            memory_utilization (number)
            apis (list): API price ids to compare against (cost/apiPrices lists them; default: all)
            active_params (number): Parameters per token of a mixture of experts: FLOPs use them,
                weights use params (the total). Not with model (its row has them)
            tensor_parallel (integer): Accelerators per replica for serving; default the least power
                of two that holds the weights and the batch's KV cache
            attention_data_parallel (boolean): A mixture-of-experts model (model) served with
                attention data parallelism and expert parallelism, as TensorRT-LLM's enable_attention_dp
                with --ep: non-expert weights on every accelerator, one all-gather and reduce-scatter
                per MoE layer, steps paced by the busiest rank. Default false: experts split by tensor
                parallelism
            pricing ("onDemand" | "committed1y" | "committed3y" | "spot"): Discount plan off the
                hourly price of self-hosted accelerators: onDemand (default) 0 %, committed1y 28–37 %,
                committed3y 46–72 %, spot 60–91 %
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: weightBytes, kvCacheBytesPerToken, kvCacheBytesPerSequence,
            gpusPerReplica, batch, maxBatchByMemory, criticalBatch, decodeRegime,
            prefillTokensPerSecond, decodeStepSeconds, decodeTokensPerSecond, gpuSecondsPerRequest,
            gpusNeeded, usdPerMillionTokens, usdPerMonth, apiComparison, serving, precision, hardware,
            assumptions, sources, pricing.
        """
        return self._method("cost/inference", {"params": params, "model": model, "architecture": architecture, "hardware": hardware, "precision": precision, "kvCacheBytesPerElement": kv_cache_bytes_per_element, "contextTokens": context_tokens, "outputTokens": output_tokens, "batch": batch, "latencyTargetSecondsPerToken": latency_target_seconds_per_token, "tokensPerMonth": tokens_per_month, "mfu": mfu, "pricePerHour": price_per_hour, "memoryUtilization": memory_utilization, "apis": apis, "activeParams": active_params, "tensorParallel": tensor_parallel, "attentionDataParallel": attention_data_parallel, "pricing": pricing, "provenance": provenance}, timeout, progress)

    def overtrain(self, *, large=None, small=None, requests_per_day=None, tokens_per_request=None, hardware=None, mfu=None, inference_mfu=None, precision=None, price_per_hour=None, extra_training_usd=None, saving_per_request=None, provenance=None, timeout=None, progress=None):
        """cost/overtrain: Should a smaller model be trained longer because inference dominates? Extra
            training cost vs inference saved per day and the break-even in days; or the simple
            rule-of-thumb form {extraTrainingUsd, savingPerRequest, requestsPerDay}.

        Give one of: large + small + requests_per_day + tokens_per_request + hardware |
            extra_training_usd + saving_per_request + requests_per_day.

        Args:
            large (any)
            small (any)
            requests_per_day (number)
            tokens_per_request (number)
            hardware (string): Accelerator id from hardware/list
            mfu (number): Training MFU over the wall clock; default the mid of cost/training's
                utilisation band at the small model's scale × the mid goodput
            inference_mfu (number)
            precision ("fp32" | "tf32" | "fp16" | "bf16" | "fp8" | "int8" | "int4"): Numeric
                precision; default bf16
            price_per_hour (range: a number, (low, high) or {'low', 'high'}): A range {low, high}
                with 0 ≤ low ≤ high; mid is the midpoint.
            extra_training_usd (number)
            saving_per_request (number)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: extraTrainingFlops, extraTrainingUsd,
            inferenceFlopsSavedPerDay, inferenceSavingUsdPerDay, breakEvenDays, hardware, assumptions,
            sources.
        """
        return self._method("cost/overtrain", {"large": large, "small": small, "requestsPerDay": requests_per_day, "tokensPerRequest": tokens_per_request, "hardware": hardware, "mfu": mfu, "inferenceMfu": inference_mfu, "precision": precision, "pricePerHour": price_per_hour, "extraTrainingUsd": extra_training_usd, "savingPerRequest": saving_per_request, "provenance": provenance}, timeout, progress)

    def tco(self, *, months=None, training=None, tokens_per_month=None, growth_per_month=None, context_tokens=None, output_tokens=None, options=None, infrastructure_overhead=None, operations_overhead=None, price_decline_per_year=None, training_usd=None, usd_per_request=None, requests_per_day=None, pricing=None, provenance=None, timeout=None, progress=None):
        """cost/tco: Total cost of ownership month by month per deployment option (api, managed,
            selfHosted), break-even months and the traffic at which self-hosting overtakes an API; or
            the simple rule-of-thumb form {trainingUsd, usdPerRequest, requestsPerDay} → days until
            inference spend exceeds training.

        Give one of: months + tokens_per_month + context_tokens + output_tokens + options |
            training_usd + usd_per_request + requests_per_day.

        Args:
            months (integer)
            training (dict | any)
            tokens_per_month (number)
            growth_per_month (number)
            context_tokens (number)
            output_tokens (number)
            options (list)
            infrastructure_overhead (range: a number, (low, high) or {'low', 'high'}): A range {low,
                high} with 0 ≤ low ≤ high; mid is the midpoint.
            operations_overhead (range: a number, (low, high) or {'low', 'high'}): A range {low,
                high} with 0 ≤ low ≤ high; mid is the midpoint.
            price_decline_per_year (number)
            training_usd (number)
            usd_per_request (number)
            requests_per_day (number)
            pricing ("onDemand" | "committed1y" | "committed3y" | "spot"): Discount plan off the
                hourly price of self-hosted accelerators: onDemand (default) 0 %, committed1y 28–37 %,
                committed3y 46–72 %, spot 60–91 %
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: options, breakEven, selfHostingOvertakesApi, assumptions,
            sources, pricing, daysUntilInferenceExceedsTraining.
        """
        return self._method("cost/tco", {"months": months, "training": training, "tokensPerMonth": tokens_per_month, "growthPerMonth": growth_per_month, "contextTokens": context_tokens, "outputTokens": output_tokens, "options": options, "infrastructureOverhead": infrastructure_overhead, "operationsOverhead": operations_overhead, "priceDeclinePerYear": price_decline_per_year, "trainingUsd": training_usd, "usdPerRequest": usd_per_request, "requestsPerDay": requests_per_day, "pricing": pricing, "provenance": provenance}, timeout, progress)

    def training_cost(self, *, params=None, model=None, tokens=None, flops=None, architecture=None, sequence_length=None, attention_flops=None, recompute_activations=None, hardware=None, gpus=None, mfu=None, active_params=None, goodput=None, precision=None, price_per_hour=None, pricing=None, overhead=None, pue=None, carbon_intensity=None, provenance=None, timeout=None, progress=None):
        """cost/training: Training FLOPs (6ND, 8ND, from the architecture, or given), GPU-hours = FLOPs
            / (peak · MFU · goodput · 3600), wall clock, dollars, energy and CO2 as {low, mid, high}.

        Required: hardware, gpus.

        Give one of: flops | tokens.

        Args:
            params (number)
            model (string): A reference model id from models/list (matched case-insensitively), e.g.
                llama-3.1-8b
            tokens (number)
            flops (number)
            architecture (dict): Count FLOPs matmul by matmul (EleutherAI cookbook), with tokens: a
                reference model's architecture as models/get shows it (experts, latent attention,
                sliding windows, tied embeddings) plus the training sequence length. A mixture of
                experts counts the routed experts a token uses, the shared experts and the router
                (active parameters); latent attention its projections and its qk (nope + rope) and v
                head widths; windowed layers score at most the window. kvHeads defaults to heads (1 with
                attention mqa), headDim to hidden/heads.
            sequence_length (integer): Training sequence length, with model: FLOPs are then counted
                from its architecture, attention included
            attention_flops ("causal" | "full"): How attention FLOPs are counted: causal (default; a
                query scores the keys before it, (s + 1) / 2 on average) or full (every query the whole
                sequence: 12·L·H·Q·T per token, as PaLM's and Llama 3's MFU count it)
            recompute_activations (boolean): 8ND instead of 6ND
            hardware (string): Accelerator id from hardware/list
            gpus (integer)
            mfu (number | dict): Model FLOPs utilization, a number or {low, high}; default: the
                range published runs reached on this hardware generation, precision and model scale
            active_params (number): Parameters active per token (mixture of experts): FLOPs =
                6·activeParams·D
            goodput (number | dict): Share of wall-clock time spent training; default 0.85–0.95 with
                the default MFU, 1 when mfu is given
            precision ("fp32" | "tf32" | "fp16" | "bf16" | "fp8" | "int8" | "int4"): Numeric
                precision; default bf16
            price_per_hour (range: a number, (low, high) or {'low', 'high'}): A range {low, high}
                with 0 ≤ low ≤ high; mid is the midpoint.
            pricing ("onDemand" | "committed1y" | "committed3y" | "spot"): Discount plan off the
                price: onDemand (default) 0 %, committed1y 28–37 %, committed3y 46–72 %, spot 60–91 %
            overhead (range: a number, (low, high) or {'low', 'high'}): A range {low, high} with 0 ≤
                low ≤ high; mid is the midpoint.
            pue (number): Power usage effectiveness; default the range 1.10 (hyperscale fleet) –
                1.58 (industry average)
            carbon_intensity (number): Grid carbon intensity, g CO2e per kWh; default 480 (2023
                world average)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: flops, flopsMethod, flopsPerTokenBreakdown, gpuHours,
            wallClockDays, gpus, mfu, precision, peakFlopsPerSecond, usd, energyKwh, pue, hardware,
            assumptions, sources, gpuHoursRange, wallClockDaysRange, mfuRange, mfuBasis,
            utilizationBand, goodput, pueRange, energyKwhRange, co2Kg, carbonIntensity, pricing.
        """
        return self._method("cost/training", {"params": params, "model": model, "tokens": tokens, "flops": flops, "architecture": architecture, "sequenceLength": sequence_length, "attentionFlops": attention_flops, "recomputeActivations": recompute_activations, "hardware": hardware, "gpus": gpus, "mfu": mfu, "activeParams": active_params, "goodput": goodput, "precision": precision, "pricePerHour": price_per_hour, "pricing": pricing, "overhead": overhead, "pue": pue, "carbonIntensity": carbon_intensity, "provenance": provenance}, timeout, progress)

    def finetune_recommend(self, *, model=None, params=None, architecture=None, examples=None, tokens_per_example=None, epochs=None, hardware=None, device=None, gpus=None, budget_usd=None, task=None, options=None, provenance=None, timeout=None, progress=None):
        """finetune/recommend: Prompting, LoRA (each rank), QLoRA or full fine-tuning for this data set
            on this hardware: per-GPU memory by component and whether it fits, training
            tokens/FLOPs/time/cost, expected quality, and the recommended approach with reasons.

        Required: examples, tokens_per_example.

        Args:
            model (string): A reference model id from models/list (matched case-insensitively), e.g.
                llama-3.1-8b
            params (number): Parameters, with architecture, for a model not in models/list
            architecture (dict): Transformer shape (as models/get shows it). As a request param
                (with params) only layers, hidden, heads, vocabulary and context are required: kvHeads
                defaults to heads, headDim to hidden/heads (refused on heads unless hidden is divisible
                by heads), gatedMLP to true, qkvBias and tiedEmbeddings to false, moe, mla and
                slidingWindow to null, outputBias and attentionSinks to false, normsPerLayer to 2,
                qkNorm to none. moe.routedExperts and moe.expertsPerToken are Hugging Face's experts
                (n_routed_experts / num_local_experts) and active experts (num_experts_per_tok).
            examples (integer): A whole number ≥ 1 (1.0 is accepted as 1; 8.5 answers -32602)
            tokens_per_example (number): Mean tokens per example; seqLen defaults to ceil of it
            epochs (number): Default 1
            hardware (string): Accelerator id from hardware/list
            device (dict): A device not in the hardware catalog
            gpus (integer): A whole number ≥ 1 (1.0 is accepted as 1; 8.5 answers -32602)
            budget_usd (number): An approach whose low cost exceeds it is not recommended
            task ("classification" | "extraction" | "generation" | "reasoning"): Carried through;
                changes no number (warned)
            options (dict)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: recommended, band, reasons, approaches, model, device, gpus,
            examples, tokensPerExample, epochs, seqLen, sharding, task, budgetUsd, assumptions,
            warnings, sources.
        """
        return self._method("finetune/recommend", {"model": model, "params": params, "architecture": architecture, "examples": examples, "tokensPerExample": tokens_per_example, "epochs": epochs, "hardware": hardware, "device": device, "gpus": gpus, "budgetUsd": budget_usd, "task": task, "options": options, "provenance": provenance}, timeout, progress)

    def hardware_get(self, id=None, *, provenance=None, timeout=None, progress=None):
        """hardware/get: One accelerator row with a citation per figure. Unknown ids are -32602 with
            data.field params.id, naming close matches and the known ids.

        Required: id.

        Args:
            id (string): Accelerator id from hardware/list
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: accelerator.
        """
        return self._method("hardware/get", {"id": id, "provenance": provenance}, timeout, progress)

    def hardware_list(self, *, vendor=None, provenance=None, timeout=None, progress=None):
        """hardware/list: All accelerator rows (built-in and user), sorted by id, optionally filtered
            by vendor (case-insensitive).

        Args:
            vendor (string)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: accelerators.
        """
        return self._method("hardware/list", {"vendor": vendor, "provenance": provenance}, timeout, progress)

    def hardware_reset(self, id=None, *, provenance=None, timeout=None, progress=None):
        """hardware/reset: Drops user rows and overrides: one id, or all when no id. Built-in rows come
            back with their published figures.

        Args:
            id (string): Accelerator id from hardware/list
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: restored, removed, persisted.
        """
        return self._method("hardware/reset", {"id": id, "provenance": provenance}, timeout, progress)

    def hardware_set(self, *, id=None, name=None, vendor=None, peak_flops_per_second=None, memory_bytes=None, memory_bandwidth_bytes_per_second=None, power_watts=None, interconnect=None, matmul_fraction=None, price=None, sources=None, notes=None, provenance=None, timeout=None, progress=None):
        """hardware/set: Adds a user accelerator row or overrides fields of an existing one (a
            negotiated price); persisted atomically in the state directory as hardware.json.

        Required: id.

        Args:
            id (string)
            name (string)
            vendor (string)
            peak_flops_per_second (dict): Dense peak FLOP/s (int8/int4: op/s) per precision; absent
                = not published
            memory_bytes (number)
            memory_bandwidth_bytes_per_second (number)
            power_watts (number)
            interconnect (string)
            matmul_fraction (number)
            price (dict)
            sources (dict)
            notes (list)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: accelerator, created, persisted.
        """
        return self._method("hardware/set", {"id": id, "name": name, "vendor": vendor, "peakFlopsPerSecond": peak_flops_per_second, "memoryBytes": memory_bytes, "memoryBandwidthBytesPerSecond": memory_bandwidth_bytes_per_second, "powerWatts": power_watts, "interconnect": interconnect, "matmulFraction": matmul_fraction, "price": price, "sources": sources, "notes": notes, "provenance": provenance}, timeout, progress)

    def test_time_compute(self, *, small=None, large=None, samples=None, budget_per_request_usd=None, tokens_per_request=None, input_tokens_per_request=None, output_tokens_per_request=None, hardware=None, device=None, mfu=None, large_improvement=None, target_improvement=None, provenance=None, timeout=None, progress=None):
        """inference/testTimeCompute: Sample a small model n times (self-consistency) or call a large
            model once? Cost per request of each, the expected improvement of n samples, and for a
            target improvement the samples needed and which option is cheaper.

        Required: small, large.

        Args:
            small (any): Exactly one way to price the model: a reference model id (2·N_active FLOPs
                per token on the device), params, a given cost per request, an API price per million
                tokens, or an API price id from cost/apiPrices (needs input and output tokens).
            large (any): Exactly one way to price the model: a reference model id (2·N_active FLOPs
                per token on the device), params, a given cost per request, an API price per million
                tokens, or an API price id from cost/apiPrices (needs input and output tokens).
            samples (integer): Samples of the small model per request (or give budgetPerRequestUsd)
            budget_per_request_usd (number)
            tokens_per_request (number)
            input_tokens_per_request (number)
            output_tokens_per_request (number)
            hardware (string): Accelerator id (hardware/list) that prices models given by model or
                params
            device (dict): A serving device not in the hardware catalog
            mfu (number): Default 0.30
            large_improvement (number): The large model's improvement over the small one (one sample
                each), e.g. 0.3
            target_improvement (number): Improvement wanted over the small model with one sample
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: small, large, samples, tokensPerRequest,
            sampledCostPerRequestUsd, expectedImprovement, curve, targetImprovement, samplesForTarget,
            sampledCostForTargetUsd, cheaperForTarget, device, reasons, assumptions, sources.
        """
        return self._method("inference/testTimeCompute", {"small": small, "large": large, "samples": samples, "budgetPerRequestUsd": budget_per_request_usd, "tokensPerRequest": tokens_per_request, "inputTokensPerRequest": input_tokens_per_request, "outputTokensPerRequest": output_tokens_per_request, "hardware": hardware, "device": device, "mfu": mfu, "largeImprovement": large_improvement, "targetImprovement": target_improvement, "provenance": provenance}, timeout, progress)

    def models_get(self, id=None, *, provenance=None, timeout=None, progress=None):
        """models/get: One reference model: architecture, published training facts (null where not
            published), figures derived from the architecture, sources and notes. An unknown id answers
            -32602 on params.id listing the closest known ids.

        Required: id.

        Args:
            id (string): A reference model id from models/list (matched case-insensitively), e.g.
                llama-3.1-8b
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: id, name, parameters, activeParameters, architecture,
            training, derived, sources, notes, reportedRuns.
        """
        return self._method("models/get", {"id": id, "provenance": provenance}, timeout, progress)

    def models_list(self, *, provenance=None, timeout=None, progress=None):
        """models/list: The reference models (published architectures and training facts), each with
            its parameter counts.

        Args:
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: models, sources.
        """
        return self._method("models/list", {"provenance": provenance}, timeout, progress)

    def ping(self, *, _meta=None, timeout=None, progress=None):
        """ping: MCP ping: an empty result while the server is alive.

        Args:
            _meta (dict): MCP request metadata
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict).
        """
        return self._method("ping", {"_meta": _meta}, timeout, progress)

    def fit(self, runs=None, *, form=None, id=None, options=None, provenance=None, timeout=None, progress=None):
        """scaling/fit: Fit a Chinchilla- or Kaplan-form law to training runs (Huber on log-loss
            residuals, L-BFGS from a grid of starts, optional bootstrap). Long: cancellable, reports
            $/progress. The law joins the catalog under lawId and persists in the state directory.

        Required: runs.

        Args:
            runs (list): At most serve --max-fit-runs (default 100000)
            form ("chinchilla" | "kaplan"): (default "chinchilla")
            id (string): Law id to store under (default fit-<8 hex digits of a hash of the
                request>); not a built-in id; an existing fitted id is replaced
            options (dict)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: lawId, law, form, parameters, ci95, exponents, residuals,
            objective, trainARE, heldOutARE, warnings, converged, startsTried, startsAtBest,
            bootstrapSamples, trainingRuns, heldOutRuns, elapsedMs, assumptions, sources.
        """
        return self._method("scaling/fit", {"runs": runs, "form": form, "id": id, "options": options, "provenance": provenance}, timeout, progress)

    def forget(self, law=None, *, provenance=None, timeout=None, progress=None):
        """scaling/forget: Remove a fitted law from memory and the state directory. Built-in laws
            cannot be forgotten (-32602).

        Required: law.

        Args:
            law (string)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: removed, laws.
        """
        return self._method("scaling/forget", {"law": law, "provenance": provenance}, timeout, progress)

    def inference_optimal(self, *, law=None, target_loss=None, flops=None, inference_tokens=None, provenance=None, timeout=None, progress=None):
        """scaling/inferenceOptimal: The model reaching a loss with the least training + lifetime
            inference FLOPs, 6·N·D + 2·N·inferenceTokens (Sardana & Frankle 2023), against the
            compute-optimal model of the same loss.

        Required: inference_tokens.

        Give one of: target_loss | flops.

        Args:
            law (string | dict): A law id from scaling/laws (default chinchilla), or an inline law.
            target_loss (number)
            flops (number): Training budget of the compute-optimal model whose loss is the target
            inference_tokens (number): Tokens served over the model's lifetime
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: params, tokens, loss, tokensPerParam, inferenceTokens,
            trainingFlops, inferenceFlops, totalFlops, flopsSaved, targetLoss, flops, savings,
            chinchillaOptimal, method, law, assumptions, sources, warnings.
        """
        return self._method("scaling/inferenceOptimal", {"law": law, "targetLoss": target_loss, "flops": flops, "inferenceTokens": inference_tokens, "provenance": provenance}, timeout, progress)

    def laws(self, *, provenance=None, timeout=None, progress=None):
        """scaling/laws: The loaded laws (built-in and fitted) with their constants and sources.

        Args:
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: laws.
        """
        return self._method("scaling/laws", {"provenance": provenance}, timeout, progress)

    def optimal(self, flops=None, *, law=None, target_loss=None, laws=None, constraints=None, usd=None, hardware=None, mfu=None, precision=None, price_per_hour=None, provenance=None, timeout=None, progress=None):
        """scaling/optimal: Compute-optimal N and D under C = 6ND for a FLOP budget, or the least
            compute that reaches targetLoss.

        Give one of: flops | target_loss | usd + hardware.

        Args:
            flops (number): Training compute budget in FLOPs (≥ 6)
            law (string | dict): A law id from scaling/laws (default chinchilla), or an inline law.
            target_loss (number): Loss to reach, in nats/token (above the law's E)
            laws (list): Several laws (ids or inline) answered side by side in `comparison`;
                excludes `law`
            constraints (dict): Limits of a real run; absent members do not constrain.
            usd (number): Dollar budget instead of flops: FLOPs = usd / ($/accelerator-hour) × peak
                × MFU × 3600 (needs hardware)
            hardware (string): With usd: the accelerator the budget buys (hardware/list)
            mfu (number): With usd; default: cost/training's utilisation range for the hardware (MFU
                band × goodput), its mid setting the allocation
            precision ("fp32" | "tf32" | "fp16" | "bf16" | "fp8" | "int8" | "int4"): With usd;
                default bf16
            price_per_hour (range: a number, (low, high) or {'low', 'high'}): A range {low, high}
                with 0 ≤ low ≤ high; mid is the midpoint.
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: params, tokens, flops, loss, tokensPerParam, method,
            targetLoss, law, assumptions, sources, kaplanTable5, constraints, bindingConstraints,
            uniqueTokens, epochs, effectiveTokens, effectiveParams, unconstrainedLoss,
            unconstrainedFlops, budget, warnings, comparison.
        """
        return self._method("scaling/optimal", {"flops": flops, "law": law, "targetLoss": target_loss, "laws": laws, "constraints": constraints, "usd": usd, "hardware": hardware, "mfu": mfu, "precision": precision, "pricePerHour": price_per_hour, "provenance": provenance}, timeout, progress)

    def scaling_plan_experiments(self, *, target_flops=None, flops=None, usd=None, hardware=None, mfu=None, precision=None, price_per_hour=None, prior=None, noise=None, constraints=None, designs=None, options=None, provenance=None, timeout=None, progress=None):
        """scaling/planExperiments: Plan the small runs that fit a trustworthy Chinchilla law for
            targetFlops on a budget: each design's runs and cost, and from simulated fits (prior +
            noise, scaling/fit with bootstrap, repeated) the 80 % interval of N*, D* and the loss at the
            target, the chance α and β are identified, an interval-vs-budget curve, the guides' rules
            checked; one design recommended. Long: cancellable, reports $/progress.

        Required: target_flops.

        Give one of: flops | usd + hardware.

        Args:
            target_flops (number): Compute of the run the law is for, FLOPs (C = 6ND); the budget
                must be smaller
            flops (number): Budget for all the small runs together, FLOPs
            usd (number): Dollar budget instead of flops (needs hardware): FLOPs = usd /
                ($/accelerator-hour) × peak × MFU × 3600, at the mid of the price range
            hardware (string): With usd: the accelerator (hardware/list)
            mfu (number): With usd; default: cost/training's utilisation range for the hardware (MFU
                band × goodput), its mid setting the budget's FLOPs
            precision ("bf16" | "fp8" | "int8" | "int4"): With usd; default bf16
            price_per_hour (range: a number, (low, high) or {'low', 'high'}): A range {low, high}
                with 0 ≤ low ≤ high; mid is the midpoint.
            prior (string | dict): A law id from scaling/laws (default chinchilla), or an inline
                law.
            noise (number): SD of normal noise on log loss per run (default 0.007556: the 240 Epoch
                runs' spread around chinchilla-epoch)
            constraints (dict)
            designs (list): Designs to compare (default isoflop, geometric, optimized)
            options (dict)
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: targetFlops, budgetFlops, usdPerFlop, prior, noise,
            noiseSource, designs, recommended, recommendedIndex, why, rules, repeats, bootstrap, seed,
            identificationRule, method, elapsed, sources.
        """
        return self._method("scaling/planExperiments", {"targetFlops": target_flops, "flops": flops, "usd": usd, "hardware": hardware, "mfu": mfu, "precision": precision, "pricePerHour": price_per_hour, "prior": prior, "noise": noise, "constraints": constraints, "designs": designs, "options": options, "provenance": provenance}, timeout, progress)

    def predict(self, params=None, tokens=None, *, law=None, model=None, provenance=None, timeout=None, progress=None):
        """scaling/predict: Loss (nats/token) a law predicts for N parameters trained on D tokens.

        Required: tokens.

        Give one of: params | model.

        Args:
            params (number): Parameters N
            tokens (number): Training tokens D
            law (string | dict): A law id from scaling/laws (default chinchilla), or an inline law.
            model (string): A reference model id from models/list (matched case-insensitively), e.g.
                llama-3.1-8b
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: loss, params, tokens, terms, ci95, model, law, sources,
            warnings.
        """
        return self._method("scaling/predict", {"params": params, "tokens": tokens, "law": law, "model": model, "provenance": provenance}, timeout, progress)

    def sweep(self, *, law=None, kind=None, params=None, tokens=None, unique_tokens=None, budgets=None, constraints=None, provenance=None, timeout=None, progress=None):
        """scaling/sweep: Many evaluations in one request, as columns: loss on a params × tokens grid
            (kind predict) or the (constrained) compute-optimal allocation per budget (kind optimal).
            Long: cancellable, reports $/progress; at most serve --max-sweep points (default 1,000,000).

        Required: kind.

        Args:
            law (string | dict): A law id from scaling/laws (default chinchilla), or an inline law.
            kind ("predict" | "optimal")
            params (list | dict)
            tokens (list | dict)
            unique_tokens (number): predict: data-constrained loss (Muennighoff et al. 2023)
            budgets (list | dict): optimal: FLOP budgets
            constraints (dict): Limits of a real run; absent members do not constrain.
            provenance ("full" | "brief"): full (default): the answer carries its law, assumptions
                and sources; brief: the figures and the law's id only (sources, assumptions and notes
                omitted; warnings kept). Also settable per session in initialize's
                initializationOptions.
            timeout: seconds to wait for the answer (default: the client's).
            progress: a callable receiving each $/progress value.

        Returns a Result (a dict) with: kind, count, columns, constraints, law, assumptions,
            sources, warnings.
        """
        return self._method("scaling/sweep", {"law": law, "kind": kind, "params": params, "tokens": tokens, "uniqueTokens": unique_tokens, "budgets": budgets, "constraints": constraints, "provenance": provenance}, timeout, progress)


# The shape of each method's params (see _params.convert).
SHAPES = {'cost/apiPrices': {'provenance': None, 'provider': None},
 'cost/inference': {'activeParams': 'n',
                    'apis': None,
                    'architecture': {'o': {'ffnHidden': 'i',
                                           'gatedFFN': None,
                                           'headDim': 'i',
                                           'heads': 'i',
                                           'hidden': 'i',
                                           'kvHeads': 'i',
                                           'layers': 'i',
                                           'sequenceLength': 'i',
                                           'vocab': 'i'}},
                    'attentionDataParallel': None,
                    'batch': 'i',
                    'contextTokens': 'n',
                    'hardware': None,
                    'kvCacheBytesPerElement': 'n',
                    'latencyTargetSecondsPerToken': 'n',
                    'memoryUtilization': 'n',
                    'mfu': 'n',
                    'model': None,
                    'outputTokens': 'n',
                    'params': 'n',
                    'precision': None,
                    'pricePerHour': 'r',
                    'pricing': None,
                    'provenance': None,
                    'tensorParallel': 'i',
                    'tokensPerMonth': 'n'},
 'cost/overtrain': {'extraTrainingUsd': 'n',
                    'hardware': None,
                    'inferenceMfu': 'n',
                    'large': None,
                    'mfu': 'n',
                    'precision': None,
                    'pricePerHour': 'r',
                    'provenance': None,
                    'requestsPerDay': 'n',
                    'savingPerRequest': 'n',
                    'small': None,
                    'tokensPerRequest': 'n'},
 'cost/tco': {'contextTokens': 'n',
              'growthPerMonth': 'n',
              'infrastructureOverhead': 'r',
              'months': 'i',
              'operationsOverhead': 'r',
              'options': {'a': {'o': {'apiPrice': None,
                                      'includesTraining': None,
                                      'inference': None,
                                      'kind': None,
                                      'name': None,
                                      'ownership': {'o': {'depreciationPerYear': 'r',
                                                          'purchaseUsdPerAccelerator': 'r'}},
                                      'people': {'a': {'o': {'fte': 'n', 'role': None, 'usdPerHour': 'r'}}},
                                      'usdPerMillionTokens': 'r'}}},
              'outputTokens': 'n',
              'priceDeclinePerYear': 'n',
              'pricing': None,
              'provenance': None,
              'requestsPerDay': 'n',
              'tokensPerMonth': 'n',
              'training': {'o': {'activeParams': 'n',
                                 'architecture': {'o': {'attention': None,
                                                        'attentionSinks': None,
                                                        'context': 'i',
                                                        'ffnHidden': 'i',
                                                        'gatedFFN': None,
                                                        'gatedMLP': None,
                                                        'headDim': 'i',
                                                        'heads': 'i',
                                                        'hidden': 'i',
                                                        'intermediate': 'i',
                                                        'kvHeads': 'i',
                                                        'layers': 'i',
                                                        'mla': {'o': {'kvLoraRank': 'i',
                                                                      'qLoraRank': 'i',
                                                                      'qkNopeHeadDim': 'i',
                                                                      'qkRopeHeadDim': 'i',
                                                                      'vHeadDim': 'i'}},
                                                        'moe': {'o': {'denseLayers': 'i',
                                                                      'expertBias': None,
                                                                      'expertIntermediate': 'i',
                                                                      'expertsPerToken': 'i',
                                                                      'layerStep': 'i',
                                                                      'routedExperts': 'i',
                                                                      'routerBias': None,
                                                                      'sharedExperts': 'i',
                                                                      'sharedIntermediate': None}},
                                                        'normsPerLayer': 'i',
                                                        'outputBias': None,
                                                        'qkNorm': None,
                                                        'qkvBias': None,
                                                        'sequenceLength': 'i',
                                                        'slidingWindow': {'o': {'globalLayers': 'i',
                                                                                'localLayers': 'i',
                                                                                'size': 'i'}},
                                                        'tiedEmbeddings': None,
                                                        'vocab': 'i',
                                                        'vocabulary': 'i'}},
                                 'attentionFlops': None,
                                 'carbonIntensity': 'n',
                                 'flops': 'n',
                                 'goodput': {'u': ['n', 'r']},
                                 'gpus': 'i',
                                 'hardware': None,
                                 'mfu': {'u': ['n', 'r']},
                                 'model': None,
                                 'overhead': 'r',
                                 'params': 'n',
                                 'precision': None,
                                 'pricePerHour': 'r',
                                 'pricing': None,
                                 'provenance': None,
                                 'pue': 'n',
                                 'recomputeActivations': None,
                                 'sequenceLength': 'i',
                                 'tokens': 'n',
                                 'usd': 'r'}},
              'trainingUsd': 'n',
              'usdPerRequest': 'n'},
 'cost/training': {'activeParams': 'n',
                   'architecture': {'o': {'attention': None,
                                          'attentionSinks': None,
                                          'context': 'i',
                                          'ffnHidden': 'i',
                                          'gatedFFN': None,
                                          'gatedMLP': None,
                                          'headDim': 'i',
                                          'heads': 'i',
                                          'hidden': 'i',
                                          'intermediate': 'i',
                                          'kvHeads': 'i',
                                          'layers': 'i',
                                          'mla': {'o': {'kvLoraRank': 'i',
                                                        'qLoraRank': 'i',
                                                        'qkNopeHeadDim': 'i',
                                                        'qkRopeHeadDim': 'i',
                                                        'vHeadDim': 'i'}},
                                          'moe': {'o': {'denseLayers': 'i',
                                                        'expertBias': None,
                                                        'expertIntermediate': 'i',
                                                        'expertsPerToken': 'i',
                                                        'layerStep': 'i',
                                                        'routedExperts': 'i',
                                                        'routerBias': None,
                                                        'sharedExperts': 'i',
                                                        'sharedIntermediate': None}},
                                          'normsPerLayer': 'i',
                                          'outputBias': None,
                                          'qkNorm': None,
                                          'qkvBias': None,
                                          'sequenceLength': 'i',
                                          'slidingWindow': {'o': {'globalLayers': 'i',
                                                                  'localLayers': 'i',
                                                                  'size': 'i'}},
                                          'tiedEmbeddings': None,
                                          'vocab': 'i',
                                          'vocabulary': 'i'}},
                   'attentionFlops': None,
                   'carbonIntensity': 'n',
                   'flops': 'n',
                   'goodput': {'u': ['n', 'r']},
                   'gpus': 'i',
                   'hardware': None,
                   'mfu': {'u': ['n', 'r']},
                   'model': None,
                   'overhead': 'r',
                   'params': 'n',
                   'precision': None,
                   'pricePerHour': 'r',
                   'pricing': None,
                   'provenance': None,
                   'pue': 'n',
                   'recomputeActivations': None,
                   'sequenceLength': 'i',
                   'tokens': 'n'},
 'finetune/recommend': {'architecture': {'o': {'attentionSinks': None,
                                               'context': 'i',
                                               'gatedMLP': None,
                                               'headDim': 'i',
                                               'heads': 'i',
                                               'hidden': 'i',
                                               'intermediate': None,
                                               'kvHeads': 'i',
                                               'layers': 'i',
                                               'mla': {'o': {'kvLoraRank': 'i',
                                                             'qLoraRank': 'i',
                                                             'qkNopeHeadDim': 'i',
                                                             'qkRopeHeadDim': 'i',
                                                             'vHeadDim': 'i'}},
                                               'moe': {'o': {'denseLayers': 'i',
                                                             'expertBias': None,
                                                             'expertIntermediate': 'i',
                                                             'expertsPerToken': 'i',
                                                             'layerStep': 'i',
                                                             'routedExperts': 'i',
                                                             'routerBias': None,
                                                             'sharedExperts': 'i',
                                                             'sharedIntermediate': None}},
                                               'normsPerLayer': 'i',
                                               'outputBias': None,
                                               'qkNorm': None,
                                               'qkvBias': None,
                                               'slidingWindow': {'o': {'globalLayers': 'i',
                                                                       'localLayers': 'i',
                                                                       'size': 'i'}},
                                               'tiedEmbeddings': None,
                                               'vocabulary': 'i'}},
                        'budgetUsd': 'n',
                        'device': {'o': {'memoryBytes': 'n',
                                         'name': None,
                                         'peakFlopsBF16': 'n',
                                         'pricePerHour': 'r'}},
                        'epochs': 'n',
                        'examples': 'i',
                        'gpus': 'i',
                        'hardware': None,
                        'model': None,
                        'options': {'o': {'chunkedLoss': None,
                                          'doubleQuantization': None,
                                          'flashAttention': None,
                                          'fp32UnquantizedWeights': None,
                                          'frameworkOverheadBytes': 'n',
                                          'gradientCheckpointing': None,
                                          'loraModules': None,
                                          'loraRanks': {'a': 'i'},
                                          'mfu': 'n',
                                          'microBatch': 'i',
                                          'mixedPrecision': None,
                                          'optimizer': None,
                                          'optimizerInBackward': None,
                                          'pagedOptimizer': None,
                                          'qloraRank': 'i',
                                          'seqLen': 'i',
                                          'sharding': None}},
                        'params': 'n',
                        'provenance': None,
                        'task': None,
                        'tokensPerExample': 'n'},
 'hardware/get': {'id': None, 'provenance': None},
 'hardware/list': {'provenance': None, 'vendor': None},
 'hardware/reset': {'id': None, 'provenance': None},
 'hardware/set': {'id': None,
                  'interconnect': None,
                  'matmulFraction': 'n',
                  'memoryBandwidthBytesPerSecond': 'n',
                  'memoryBytes': 'n',
                  'name': None,
                  'notes': None,
                  'peakFlopsPerSecond': {'o': {'bf16': 'n',
                                               'fp16': 'n',
                                               'fp32': 'n',
                                               'fp8': 'n',
                                               'int4': 'n',
                                               'int8': 'n',
                                               'tf32': 'n'}},
                  'powerWatts': 'n',
                  'price': {'o': {'date': None,
                                  'high': 'n',
                                  'low': 'n',
                                  'mid': 'n',
                                  'source': {'o': {'detail': None, 'title': None, 'url': None}}}},
                  'provenance': None,
                  'sources': {'o': {}},
                  'vendor': None},
 'inference/testTimeCompute': {'budgetPerRequestUsd': 'n',
                               'device': {'o': {'memoryBytes': 'n',
                                                'name': None,
                                                'peakFlopsBF16': 'n',
                                                'pricePerHour': 'r'}},
                               'hardware': None,
                               'inputTokensPerRequest': 'n',
                               'large': None,
                               'largeImprovement': 'n',
                               'mfu': 'n',
                               'outputTokensPerRequest': 'n',
                               'provenance': None,
                               'samples': 'i',
                               'small': None,
                               'targetImprovement': 'n',
                               'tokensPerRequest': 'n'},
 'models/get': {'id': None, 'provenance': None},
 'models/list': {'provenance': None},
 'ping': {'_meta': {'o': {}}},
 'scaling/fit': {'form': None,
                 'id': None,
                 'options': {'o': {'bootstrap': 'i',
                                   'grid': {'o': {}},
                                   'holdout': 'n',
                                   'huberDelta': 'n',
                                   'minTokens': 'n',
                                   'seed': 'i'}},
                 'provenance': None,
                 'runs': {'a': {'o': {'loss': 'n', 'name': None, 'params': 'n', 'tokens': 'n'}}}},
 'scaling/forget': {'law': None, 'provenance': None},
 'scaling/inferenceOptimal': {'flops': 'n',
                              'inferenceTokens': 'n',
                              'law': {'o': {'A': 'n',
                                            'B': 'n',
                                            'Dc': 'n',
                                            'E': 'n',
                                            'Nc': 'n',
                                            'alpha': 'n',
                                            'alphaD': 'n',
                                            'alphaN': 'n',
                                            'beta': 'n',
                                            'form': None}},
                              'provenance': None,
                              'targetLoss': 'n'},
 'scaling/laws': {'provenance': None},
 'scaling/optimal': {'constraints': {'o': {'maxParams': 'n', 'maxTokens': 'n', 'tokensPerParam': 'n'}},
                     'flops': 'n',
                     'hardware': None,
                     'law': {'o': {'A': 'n',
                                   'B': 'n',
                                   'Dc': 'n',
                                   'E': 'n',
                                   'Nc': 'n',
                                   'alpha': 'n',
                                   'alphaD': 'n',
                                   'alphaN': 'n',
                                   'beta': 'n',
                                   'form': None}},
                     'laws': {'a': {'o': {'A': 'n',
                                          'B': 'n',
                                          'Dc': 'n',
                                          'E': 'n',
                                          'Nc': 'n',
                                          'alpha': 'n',
                                          'alphaD': 'n',
                                          'alphaN': 'n',
                                          'beta': 'n',
                                          'form': None}}},
                     'mfu': 'n',
                     'precision': None,
                     'pricePerHour': 'r',
                     'provenance': None,
                     'targetLoss': 'n',
                     'usd': 'n'},
 'scaling/planExperiments': {'constraints': {'o': {'maxParams': 'n',
                                                   'maxRuns': 'i',
                                                   'maxTokens': 'n',
                                                   'maxTokensPerParam': 'n',
                                                   'minParams': 'n',
                                                   'minRunFlops': 'n',
                                                   'minTokens': 'n',
                                                   'minTokensPerParam': 'n'}},
                             'designs': {'a': {'o': {'kind': None,
                                                     'runs': {'a': {'o': {'params': 'n', 'tokens': 'n'}}}}}},
                             'flops': 'n',
                             'hardware': None,
                             'mfu': 'n',
                             'noise': 'n',
                             'options': {'o': {'bootstrap': 'i',
                                               'curveBudgets': {'a': 'n'},
                                               'curveRepeats': 'i',
                                               'repeats': 'i',
                                               'ruleRepeats': 'i',
                                               'seed': 'i'}},
                             'precision': None,
                             'pricePerHour': 'r',
                             'prior': {'o': {'A': 'n',
                                             'B': 'n',
                                             'Dc': 'n',
                                             'E': 'n',
                                             'Nc': 'n',
                                             'alpha': 'n',
                                             'alphaD': 'n',
                                             'alphaN': 'n',
                                             'beta': 'n',
                                             'form': None}},
                             'provenance': None,
                             'targetFlops': 'n',
                             'usd': 'n'},
 'scaling/predict': {'law': {'o': {'A': 'n',
                                   'B': 'n',
                                   'Dc': 'n',
                                   'E': 'n',
                                   'Nc': 'n',
                                   'alpha': 'n',
                                   'alphaD': 'n',
                                   'alphaN': 'n',
                                   'beta': 'n',
                                   'form': None}},
                     'model': None,
                     'params': 'n',
                     'provenance': None,
                     'tokens': 'n'},
 'scaling/sweep': {'budgets': {'u': [{'a': 'n'},
                                     {'o': {'count': 'i', 'from': 'n', 'spacing': None, 'to': 'n'}}]},
                   'constraints': {'o': {'maxParams': 'n', 'maxTokens': 'n', 'tokensPerParam': 'n'}},
                   'kind': None,
                   'law': {'o': {'A': 'n',
                                 'B': 'n',
                                 'Dc': 'n',
                                 'E': 'n',
                                 'Nc': 'n',
                                 'alpha': 'n',
                                 'alphaD': 'n',
                                 'alphaN': 'n',
                                 'beta': 'n',
                                 'form': None}},
                   'params': {'u': [{'a': 'n'},
                                    {'o': {'count': 'i', 'from': 'n', 'spacing': None, 'to': 'n'}}]},
                   'provenance': None,
                   'tokens': {'u': [{'a': 'n'},
                                    {'o': {'count': 'i', 'from': 'n', 'spacing': None, 'to': 'n'}}]},
                   'uniqueTokens': 'n'}}
