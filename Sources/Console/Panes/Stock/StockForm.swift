import Domain
import Operations
import TerminalKit

/// The short forms that move stock from where the user stands (a stock row, a SKU's
/// drill-down): the SKU and location are filled in, the rest is typed. Reading the form is
/// pure; Operations checks the change again (its plan) before the confirmation.
enum StockForm: Equatable {
    case adjust, transfer, status

    static let all: [StockForm] = [.adjust, .transfer, .status]

    var title: String {
        switch self {
        case .adjust: "adjust"
        case .transfer: "transfer"
        case .status: "change status"
        }
    }

    var detail: String {
        switch self {
        case .adjust: "add or remove stock at a location"
        case .transfer: "move stock to another location"
        case .status: "e.g. quarantine to sellable after inspection"
        }
    }

    func dialog(sku: String, location: String) -> FormDialog {
        let statuses = StockStatus.allCases.filter { $0 != .reserved }.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .adjust:
            return FormDialog(title: "Adjust \(sku)", fields: [
                .init("Location", location), .init("Status", "sellable", placeholder: statuses),
                .init("Quantity", placeholder: "+5 adds, -2 removes"), .init("Reason", placeholder: "why (required)", maxLength: 120)])
        case .transfer:
            return FormDialog(title: "Transfer \(sku)", fields: [
                .init("From", location), .init("To", placeholder: "location code"), .init("Status", "sellable", placeholder: statuses),
                .init("Quantity", placeholder: "how many"), .init("Reason", placeholder: "why (required)", maxLength: 120)])
        case .status:
            return FormDialog(title: "Change the status of \(sku)", fields: [
                .init("Location", location), .init("From", "quarantine", placeholder: statuses),
                .init("To", "sellable", placeholder: statuses), .init("Quantity", placeholder: "how many"),
                .init("Reason", placeholder: "why (required)", maxLength: 120)])
        }
    }

    /// The status form for releasing quarantined units after inspection: to sellable unless
    /// the inspector changes it to damaged.
    static func quarantineRelease(sku: String, location: String, quantity: Int, reason: String) -> FormDialog {
        FormDialog(title: "Release \(sku) from quarantine", fields: [
            .init("Location", location), .init("From", StockStatus.quarantine.rawValue),
            .init("To", StockStatus.sellable.rawValue, placeholder: "sellable, or damaged"), .init("Quantity", String(quantity)),
            .init("Reason", reason, placeholder: "why (required)", maxLength: 120)])
    }

    /// The change the form asks for, or the first thing wrong with it (one sentence).
    func change(sku: String, _ form: FormDialog) -> Result<StockChange, FormError> {
        func status(_ i: Int) throws(FormError) -> StockStatus {
            guard let s = StockStatus(parsing: form.value(i)) else {
                throw FormError("\(form.fields[i].label) '\(form.value(i))' is not a status; use \(StockStatus.spellings).")
            }
            return s
        }
        func quantity(_ i: Int, signed: Bool) throws(FormError) -> Int {
            let text = form.value(i)
            guard let n = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) else {
                throw FormError("Quantity '\(text)' is not a whole number.")
            }
            guard signed ? n != 0 : n > 0 else { throw FormError(signed ? "Quantity must not be 0." : "Quantity must be positive.") }
            return n
        }
        func required(_ i: Int) throws(FormError) -> String {
            guard !form.value(i).isEmpty else { throw FormError("\(form.fields[i].label) is required.") }
            return form.value(i)
        }
        do {
            switch self {
            case .adjust:
                return .success(.adjust(sku: sku, location: try required(0), status: try status(1),
                                        delta: try quantity(2, signed: true), reason: try required(3)))
            case .transfer:
                return .success(.transfer(sku: sku, from: try required(0), to: try required(1), status: try status(2),
                                          quantity: try quantity(3, signed: false), reason: try required(4)))
            case .status:
                return .success(.status(sku: sku, location: try required(0), from: try status(1), to: try status(2),
                                        quantity: try quantity(3, signed: false), reason: try required(4)))
            }
        } catch {
            return .failure(error)
        }
    }
}

struct FormError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
