import Foundation
import HealthCal

InterruptCleanup.install()

exit(HealthCalTool.tool.run(arguments: Array(CommandLine.arguments.dropFirst())))
