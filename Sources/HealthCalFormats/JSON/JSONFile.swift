import Foundation

extension JSONParser {
  /// Parses one JSON file (a model, a project file).
  /// - Parameter what: what the file should be, for the message when it is a directory.
  /// - Throws: ``InputError/unreadable(file:reason:)``, or as ``parse(_:file:firstLine:)``.
  package static func parse(fileAt path: String, expecting what: String) throws(InputError) -> JSONValue {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw .unreadable(file: path, reason: "is a directory; expected \(what)")
    }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadable(file: path, reason: "no such file or not readable")
    }
    let parsed = data.withUnsafeBytes { raw in
      Result { () throws(InputError) -> JSONValue in try parse(raw.bindMemory(to: UInt8.self), file: path) }
    }
    return try parsed.get()
  }
}
