import CampaignCLI
import Foundation

exit(CLI.main())
