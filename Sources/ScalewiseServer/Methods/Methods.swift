/// The method table: every JSON-RPC request method the server answers, one type each.
/// `initialize`'s method list, MCP's tools, `scalewise call` and the schema test read it.
/// (`shutdown` is lifecycle plumbing in RPC; notifications are registered beside their state.)
enum Methods {
    static let all: [any Method.Type] = [
        InitializeMethod.self,
        ScalingLawsMethod.self, ScalingPredictMethod.self, ScalingOptimalMethod.self,
        ScalingInferenceOptimalMethod.self, ScalingSweepMethod.self, ScalingFitMethod.self, ScalingForgetMethod.self, ScalingPlanExperimentsMethod.self,
        HardwareListMethod.self, HardwareGetMethod.self, HardwareSetMethod.self, HardwareResetMethod.self,
        CostTrainingMethod.self, CostInferenceMethod.self, CostTCOMethod.self, CostOvertrainMethod.self, CostApiPricesMethod.self,
        ModelsListMethod.self, ModelsGetMethod.self,
        FineTuneRecommendMethod.self,
        InferenceTestTimeComputeMethod.self,
        InlayHintMethod.self, HoverMethod.self,
        PingMethod.self, DiscoverMethod.self, ToolsListMethod.self, ToolsCallMethod.self,
    ]
}
