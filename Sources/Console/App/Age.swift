import Domain

/// How long something has waited, for queue columns: "3d 4h", "5h 12m", "40m". The time
/// "now" comes with the data (the services' clock), so the update stays pure and a test
/// with a fixed clock draws the same ages every run.
enum Age {
    static func text(since: String?, now: String) -> String {
        guard let since, let start = seconds(since), let end = seconds(now) else { return "-" }
        let s = max(0, end - start)
        let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        return "\(minutes)m"
    }

    /// Seconds since 1970 of the store's timestamps: "yyyy-mm-ddThh:mm:ssZ" (UTC),
    /// "yyyy-mm-dd hh:mm:ss" or a bare "yyyy-mm-dd"; nil for anything else.
    static func seconds(_ text: String) -> Int? {
        let u = Array(text.utf8)
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard i < u.count, (48...57).contains(u[i]) else { return nil }
                n = n * 10 + Int(u[i] - 48)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var clock = 0
        if u.count >= 19 {
            guard let h = number(11..<13), let m = number(14..<16), let s = number(17..<19) else { return nil }
            clock = h * 3_600 + m * 60 + s
        }
        return OrderDate.dayNumber(year: year, month: month, day: day) * 86_400 + clock
    }
}
