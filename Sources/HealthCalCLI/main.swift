import Foundation

exit(HealthCalTool.tool.run(arguments: Array(CommandLine.arguments.dropFirst())))
