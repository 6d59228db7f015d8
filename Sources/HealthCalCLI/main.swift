import Foundation
import HealthCal
import HealthCalFormats

InterruptCleanup.install()

exit(HealthCalTool.tool.run(arguments: Array(CommandLine.arguments.dropFirst())))
