/// Facility overhead and grid carbon used to turn accelerator energy into kWh at the meter and
/// kg CO2e, each with its source.
public enum EnergyDefaults {
    /// Power usage effectiveness from large hyperscale fleets (Google 1.10) to the industry
    /// average (Uptime Institute 1.58); pass `pue` for a known facility.
    public static let pue = FractionRange(low: 1.10, high: 1.58)
    public static let pueCitations = [
        Citation(title: "Google Data Centers, 'Efficiency' (fleet-wide power usage effectiveness)",
                 detail: "2023 fleet-wide average PUE 1.10 across Google's large data centers",
                 url: "https://www.google.com/about/datacenters/efficiency/"),
        CostDefaults.pueCitation,
    ]

    /// Grid carbon intensity in grams CO2 per kWh: the 2023 world average of electricity
    /// generation. Pass `carbonIntensity` for a known grid (France ≈ 57 as BLOOM's paper used).
    public static let carbonIntensity = 480.0
    public static let carbonCitation = Citation(
        title: "Ember, Global Electricity Review 2024",
        detail: "world power-sector CO2 intensity 480 gCO2/kWh in 2023",
        url: "https://ember-energy.org/latest-insights/global-electricity-review-2024/")
}
