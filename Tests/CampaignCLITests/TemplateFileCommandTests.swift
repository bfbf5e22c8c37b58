import Foundation
import Testing

/// `plan --render` and `preview` fill a `body file` template that only the checker read.
@Suite struct TemplateFileCommandTests {
    @Test func planRendersATemplateFile() throws {
        let text = "import \"schema.campaign\"\n\ncampaign daily_note {\n  trigger daily at 09:00\n"
            + "  send email note { subject \"Hi\" body file \"mail/note.html\" }\n}\n"
        let folder = try HostileSourceTests.project(["note.campaign": text,
                                                     "mail/note.html": "Dear {{ first_name | default: 'you' }}, {{ tier | upcase }}."])
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let (status, out, err) = try EndToEndTests.run(["plan", folder.path, "--render"] + HostileSourceTests.data + HostileSourceTests.window)
        #expect(status == 0, "\(err)")
        #expect(out.contains(",c001,daily_note,note,send,email,\"subject: Hi | body: Dear Ana, PLUS.\""), "\(out.prefix(600))")
    }
}
