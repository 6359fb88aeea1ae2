/// When backordered lines of one SKU can expect their goods from open inbound supply.
///
/// The lines wait in allocation order (promise date, channel priority, age), each behind the
/// units of the lines ahead of it. A line's date is the first inbound, earliest first, at a node
/// that serves it, by which the inbound at its nodes covers the units ahead of it and its own:
/// the same walk allocation makes for a new shortfall. nil when open inbound does not cover it.
public enum BackorderDates {
    public struct Waiting: Sendable, Equatable {
        public var units: Int
        /// The fulfilling nodes that can serve the line (its region, its channel's pool).
        public var serving: Set<String>
        public init(units: Int, serving: Set<String>) { self.units = units; self.serving = serving }
    }

    public struct Inbound: Sendable, Equatable {
        public var location: String
        public var quantity: Int
        /// yyyy-mm-dd.
        public var date: String
        public init(location: String, quantity: Int, date: String) { self.location = location; self.quantity = quantity; self.date = date }
    }

    public static func expected(_ queue: [Waiting], inbound: [Inbound]) -> [String?] {
        let supply = inbound.sorted { $0.date < $1.date }
        var ahead = 0
        return queue.map { line in
            defer { ahead = Saturating.add(ahead, line.units) }
            var cumulative = 0
            for arrival in supply where line.serving.contains(arrival.location) {
                cumulative = Saturating.add(cumulative, arrival.quantity)
                if cumulative >= Saturating.add(ahead, line.units) { return arrival.date }
            }
            return nil
        }
    }
}
