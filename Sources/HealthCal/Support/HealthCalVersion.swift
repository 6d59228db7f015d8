/// The version of healthcal, written into reports and exported models so a
/// number can always be traced to the build that produced it.
public enum HealthCalVersion {
  /// The current release.
  public static let current = "0.1.0"
}
