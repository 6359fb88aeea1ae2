import Operations

/// Files whose records span rows (a purchase order's lines, a shipping notice's): consecutive
/// rows with the same key make one record, handed on at its first row's line once the key
/// changes, so a file of any length holds one record in memory. A key coming back later is a
/// second record under it, which the import refuses as a repeat.
enum ConsecutiveRows {
    static func gather<Row, Record>(_ rows: ImportProducer<Row>, key: @escaping (Row) -> String,
                                    start: @escaping (ImportRow<Row>) -> Record,
                                    add: @escaping (_ record: inout Record, _ row: ImportRow<Row>, _ firstLine: Int) throws -> Void,
                                    into deliver: (ImportRow<Record>) throws -> Void) throws {
        var current: (key: String, record: ImportRow<Record>)?
        try withoutActuallyEscaping(deliver) { deliver in
            try rows { row in
                let k = key(row.value)
                if var open = current, open.key == k {
                    try add(&open.record.value, row, open.record.line)
                    current = open
                } else {
                    if let done = current { try deliver(done.record) }
                    current = (k, ImportRow(line: row.line, value: start(row)))
                }
            }
        }
        if let done = current { try deliver(done.record) }
    }
}
