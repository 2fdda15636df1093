import Foundation
import PDTCommands

exit(PDTSim.run(Array(CommandLine.arguments.dropFirst())))
