/// A key press, decoded by a backend into something the app can match on.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)      // ctrl-a ... ctrl-z, lower-case letter
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case function(Int)
}

/// What a backend delivers to the app loop.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
}

/// A click or a turn of the wheel, at a screen cell.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) { self.kind = kind; self.x = x; self.y = y }
}
