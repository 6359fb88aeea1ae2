/// How the CLI and files may spell enum values: any case, with or without '-' and '_'
/// ("return-pending" = "returnPending" = "RETURN_PENDING").
enum Spelling {
    static func key(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != "_" })
    }

    static func match<T: RawRepresentable & CaseIterable>(_ text: String, in _: T.Type) -> T? where T.RawValue == String {
        let wanted = key(text)
        return T.allCases.first { key($0.rawValue) == wanted }
    }
}
