/// Available-to-promise arithmetic.
public enum ATP {
    /// A kit can be promised as many times as its scarcest component allows.
    /// A kit with no components can't be promised at all.
    public static func kit(_ components: [KitComponent], available: (String) -> Int) -> Int {
        guard !components.isEmpty else { return 0 }
        return components.map { max(0, available($0.component)) / max(1, $0.quantity) }.min() ?? 0
    }
}
