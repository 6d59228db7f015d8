import HealthCal
/// The colours every chart uses: the Okabe–Ito palette.
///
/// Okabe and Ito chose these eight colours to stay distinguishable with every
/// common form of colour-blindness and in greyscale print, which matters for a
/// report that is forwarded and printed. Roles are fixed (churned is always
/// vermillion, the current model always blue) so a reader learns them once.
package enum ChartPalette {
  /// Okabe–Ito black: text and axes.
  package static let black = "#000000"
  /// Okabe–Ito orange: the tuned or candidate model.
  package static let orange = "#E69F00"
  /// Okabe–Ito sky blue: renewed accounts.
  package static let skyBlue = "#56B4E9"
  /// Okabe–Ito bluish green: the green band.
  package static let bluishGreen = "#009E73"
  /// Okabe–Ito yellow: a seventh series (pale on white, so late in the order).
  package static let yellow = "#F0E442"
  /// Okabe–Ito blue: the current or baseline model.
  package static let blue = "#0072B2"
  /// Okabe–Ito vermillion: churned accounts and the red band.
  package static let vermillion = "#D55E00"
  /// Okabe–Ito reddish purple: a fourth series.
  package static let reddishPurple = "#CC79A7"
  /// Neutral grey for grid lines, chance lines and "not flagged".
  package static let grey = "#8C8C8C"
  /// Light grey for grid lines.
  package static let grid = "#E3E3E3"

  /// Series colours in order, for charts with an arbitrary number of series
  /// (horizons): blue, orange, bluish green, reddish purple, sky blue,
  /// vermillion, yellow, black, then repeating.
  package static func series(_ index: Int) -> String {
    let order = [blue, orange, bluishGreen, reddishPurple, skyBlue, vermillion, yellow, black]
    return order[((index % order.count) + order.count) % order.count]
  }
}
