import ScalingCore

extension Array where Element == Citation {
    /// The list without repeats, in first-seen order: what a cost answer's `sources` lists.
    public var withoutRepeats: [Citation] {
        var seen: Set<Citation> = []
        return filter { seen.insert($0).inserted }
    }
}
