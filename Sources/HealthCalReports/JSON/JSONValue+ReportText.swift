import HealthCalFormats

extension JSONValue {
  /// The document as a report prints it: indented, with a final newline.
  package var reportText: String { serialized(pretty: true) + "\n" }
}
