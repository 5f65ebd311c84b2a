import JSON
import ScalingCore

/// Wire shape of a fine-tuning recommendation.
enum FineTuneJSON {
    static func approach(_ a: FineTuneApproach) -> JSON {
        let o = JSON.object()
        o.set("approach", a.kind)
        if let r = a.rank { o.set("rank", r) }
        o.set("label", a.label)
        return o
    }

    static func memory(_ m: MemoryBreakdown) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("weights", m.weights)
        try o.set("adapters", m.adapters)
        try o.set("gradients", m.gradients)
        try o.set("optimizerState", m.optimizerState)
        try o.set("activations", m.activations)
        try o.set("logits", m.logits)
        try o.set("kvCache", m.kvCache)
        try o.set("frameworkOverhead", m.frameworkOverhead)
        try o.set("pagedOptimizerState", m.pagedOptimizerState)
        try o.set("total", m.total)
        return o
    }

    static func estimate(_ e: ApproachEstimate, device: DeviceSpec) throws(JSONEncodingError) -> JSON {
        let o = approach(e.approach)
        try o.set("trainableParameters", e.trainableParameters)
        o.set("memoryBytes", try memory(e.memory))
        o.set("fits", e.fits)
        try o.set("headroomBytes", device.memoryBytes - e.memory.total)
        let t = JSON.object()
        try t.set("tokens", e.compute.tokens)
        try t.set("flops", e.compute.flops)
        t.set("formula", e.compute.formula)
        try t.set("seconds", e.compute.seconds)
        try t.set("hours", e.compute.seconds / 3600)
        try t.set("gpuHours", e.compute.gpuHours)
        if let c = e.compute.costUsd { t.set("costUsd", try DomainJSON.range(c)) } else { t.set("costUsd", JSON.null()) }
        o.set("training", t)
        if let q = e.quality { o.set("quality", try DomainJSON.range(q)) } else { o.set("quality", JSON.null()) }
        return o
    }

    static func result(_ answer: FineTuneAnswer) throws(JSONEncodingError) -> JSON {
        let r = answer.recommendation, request = answer.request, reference = answer.reference
        let o = JSON.object()
        if let recommended = r.recommended { o.set("recommended", approach(recommended)) } else { o.set("recommended", JSON.null()) }
        o.set("band", r.band)
        o.set("reasons", strings: r.reasons)
        let list = JSON.array()
        for e in r.estimates { list.append(try estimate(e, device: request.device)) }
        o.set("approaches", list)

        let model = JSON.object()
        model.set("id", reference?.id ?? request.model.id)
        model.set("name", reference?.name)
        try model.set("parameters", request.model.parameters)
        model.set("architecture", ModelJSON.architecture(request.model.architecture))
        o.set("model", model)
        o.set("device", try answer.resolvedDevice.json())
        o.set("gpus", request.gpus)
        o.set("examples", request.examples)
        try o.set("tokensPerExample", request.tokensPerExample)
        try o.set("epochs", request.epochs)
        o.set("seqLen", r.seqLen)
        o.set("sharding", r.sharding.rawValue)
        if let task = request.task { o.set("task", task.rawValue) }
        try o.set("budgetUsd", request.budgetUsd)
        o.set("assumptions", strings: answer.assumptions)
        o.set("warnings", strings: r.warnings)
        o.set("sources", DomainJSON.citations(answer.sources))
        return o
    }
}
