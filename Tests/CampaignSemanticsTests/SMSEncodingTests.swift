@testable import CampaignSemantics
import Testing

/// SMS counting at the exact boundaries (3GPP TS 23.038 / 23.040).
@Suite struct SMSEncodingTests {
    static let gsm = "a"
    static let ucs = "ก"   // Thai: UCS-2, one unit

    @Test(arguments: [
        (String(repeating: gsm, count: 160), SMSEncoding.gsm7, 160, 1),
        (String(repeating: gsm, count: 161), .gsm7, 161, 2),
        (String(repeating: gsm, count: 306), .gsm7, 306, 2),
        (String(repeating: gsm, count: 307), .gsm7, 307, 3),
        (String(repeating: gsm, count: 459), .gsm7, 459, 3),
        (String(repeating: gsm, count: 460), .gsm7, 460, 4),
        (String(repeating: ucs, count: 70), .ucs2, 70, 1),
        (String(repeating: ucs, count: 71), .ucs2, 71, 2),
        (String(repeating: ucs, count: 134), .ucs2, 134, 2),
        (String(repeating: ucs, count: 135), .ucs2, 135, 3),
        (String(repeating: ucs, count: 201), .ucs2, 201, 3),
        (String(repeating: ucs, count: 202), .ucs2, 202, 4),
        ("", .gsm7, 0, 1),
    ])
    func boundaries(_ text: String, _ encoding: SMSEncoding, _ units: Int, _ segments: Int) {
        let count = SMSEncoding.count(text)
        #expect(count.encoding == encoding)
        #expect(count.units == units)
        #expect(count.segments == segments)
    }

    @Test(arguments: [
        // Extension characters take two septets.
        (String(repeating: "€", count: 80), SMSEncoding.gsm7, 160, 1),
        (String(repeating: "€", count: 80) + "a", .gsm7, 161, 2),
        (String(repeating: "[", count: 77), .gsm7, 154, 1),
        (String(repeating: "[", count: 81), .gsm7, 162, 2),
        ("{}[]~|^\\€", .gsm7, 18, 1),
        // An escape pair is never split: 152 single septets, then a pair that would straddle 153.
        (String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 10), .gsm7, 164, 2),
        (String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 151), .gsm7, 305, 2),
        // 306 septets would fit two parts of 153 if the pair could be split; it cannot.
        (String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152), .gsm7, 306, 3),
        // é è à ñ ü Ç are GSM-7; á í ó ú ã ç and a curly apostrophe are not.
        ("Café à la crème, señor, über Ça", .gsm7, 31, 1),
        ("Olá", .ucs2, 3, 1),
        ("ação", .ucs2, 4, 1),
        ("it’s", .ucs2, 4, 1),
        // Emoji outside the BMP are surrogate pairs: two units.
        ("👍", .ucs2, 2, 1),
        (String(repeating: "👍", count: 35), .ucs2, 70, 1),
        (String(repeating: "👍", count: 36), .ucs2, 72, 2),
        // A surrogate pair is never split: 66 units, then a pair that would straddle 67.
        (String(repeating: ucs, count: 66) + "👍" + ucs + ucs, .ucs2, 70, 1),
        (String(repeating: ucs, count: 66) + "👍" + String(repeating: ucs, count: 4), .ucs2, 72, 2),
        (String(repeating: ucs, count: 66) + "👍" + String(repeating: ucs, count: 66), .ucs2, 134, 3),
    ])
    func extensionsAndPairs(_ text: String, _ encoding: SMSEncoding, _ units: Int, _ segments: Int) {
        let count = SMSEncoding.count(text)
        #expect(count.encoding == encoding)
        #expect(count.units == units)
        #expect(count.segments == segments)
    }

    @Test func namesTheCharacterThatForcesUCS2() {
        #expect(SMSEncoding.count("Hello Olá").firstNonGSM == "á")
        #expect(SMSEncoding.count("Hello").firstNonGSM == nil)
    }

    @Test(arguments: [(160, SMSEncoding.gsm7, 1), (161, .gsm7, 2), (459, .gsm7, 3), (460, .gsm7, 4),
                      (70, .ucs2, 1), (71, .ucs2, 2), (201, .ucs2, 3), (202, .ucs2, 4)])
    func worstCaseUnits(_ units: Int, _ encoding: SMSEncoding, _ segments: Int) {
        #expect(SMSEncoding.segments(units: units, encoding: encoding) == segments)
    }
}
