"""The Spark job's pure parts, without Spark (integrations/spark/test.sh runs this first):
the id field read from campaign text, bundles built from sorted rows, events of unknown
customers, and plan_order.py's records and order. Standard library only.

    python3 integrations/spark/test_units.py
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import campaign_schema  # noqa: E402
import campaign_worker  # noqa: E402
import plan_order  # noqa: E402

C, E = campaign_worker.CUSTOMER, campaign_worker.EVENT


class IdFieldTests(unittest.TestCase):
    def test_the_field_of_type_id(self):
        cases = [
            ("customer {\n  id: id\n  tier: text\n}", ["id"]),
            ("customer { key: id email: email? }", ["key"]),
            ('# customer { nope: id }\ncustomer {\n  shopper_ref : id  # the key\n}', ["shopper_ref"]),
            ('segment s = tier == "customer { x: id }"\ncustomer { ref: id }', ["ref"]),
            ("customer { name: text(max 20) code: identifier_like? }", []),
            ("event purchase { order: id }", []),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(campaign_schema.id_fields(text), expected)

    def test_the_examples(self):
        examples = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
        self.assertEqual(campaign_schema.id_field([examples]), "id")


class BundleTests(unittest.TestCase):
    def lines(self, rows, max_errors=20):
        orphans = campaign_worker.Orphans()
        return [line for _, line in campaign_worker.bundle_lines(iter(rows), orphans, max_errors)], orphans

    def test_one_line_per_customer_with_its_events_in_order(self):
        rows = [("a", C, '{"id":"a"}'), ("a", E, '{"event":"x","time":"2"}'), ("a", E, '{"event":"y","time":"1"}'),
                ("b", C, '{"id":"b"}')]
        lines, orphans = self.lines(rows)
        self.assertEqual(lines, ['{"customer":{"id":"a"},"events":[{"event":"x","time":"2"},{"event":"y","time":"1"}]}\n',
                                 '{"customer":{"id":"b"},"events":[]}\n'])
        self.assertEqual(orphans.customers, 0)

    def test_an_id_twice_gives_two_bundles_for_the_binary_to_refuse(self):
        rows = [("a", C, '{"id":"a","n":"1"}'), ("a", C, '{"id":"a","n":"2"}'), ("a", E, '{"event":"x"}')]
        lines, _ = self.lines(rows)
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(line.endswith('"events":[{"event":"x"}]}\n') for line in lines))

    def test_events_without_a_customer_are_orphans(self):
        rows = [(None, E, "{}"), ("a", C, '{"id":"a"}'), ("z", E, "{}"), ("z", E, "{}")]
        lines, orphans = self.lines(rows)
        self.assertEqual(lines, ['{"customer":{"id":"a"},"events":[]}\n'])
        self.assertEqual((orphans.customers, orphans.events), (2, 3))
        message = orphans.message(20)
        self.assertIn("1 event with an empty customer_id: a value is required [D0201]", message)
        self.assertIn('no customer has the id "z" in the customers file (2 events) [D0301]', message)
        self.assertIn("3 events of 2 customer ids not in the customers file", message)

    def test_orphan_examples_are_limited(self):
        rows = [(str(i), E, "{}") for i in range(5)]
        _, orphans = self.lines(rows, max_errors=2)
        self.assertIn("... and events of 3 more unknown customer ids", orphans.message(2))

    def test_the_output_comes_back_whole_and_a_failure_says_why(self):
        command = [sys.executable, "-c", "import sys; d = sys.stdin.read(); sys.stdout.write('h\\n' + d)"]
        rows = [("a", C, '{"id":"a,\\"q\\""}')]
        text = "".join(piece + "\n" for piece in campaign_worker.plan_partition(iter(rows), command))
        self.assertEqual(text, 'h\n{"customer":{"id":"a,\\"q\\""},"events":[]}\n')
        failing = [sys.executable, "-c", "import sys; sys.stdin.read(); print('bad row', file=sys.stderr); sys.exit(1)"]
        with self.assertRaises(campaign_worker.PlanFailed) as caught:
            list(campaign_worker.plan_partition(iter(rows), failing))
        self.assertIn("exited with status 1:\nbad row", str(caught.exception))


class MessageTests(unittest.TestCase):
    def test_a_bundle_line_is_named_by_its_customer(self):
        text = ('<stdin>:2: error: column `customer.tier`: expected one of "free", found "gold" [D0207]\n'
                '<stdin>:3:17: error: x\n<stdin>:9: error: y\n')
        named = campaign_worker.naming_customers(text, ["a", 'c,"q"ü', "b"])
        self.assertEqual(named.splitlines(), [
            '<stdin>:2: customer "c,\\"q\\"ü": error: column `customer.tier`: expected one of "free", found "gold" [D0207]',
            '<stdin>:3:17: customer "b": error: x',
            "<stdin>:9: error: y"])


class PlanOrderTests(unittest.TestCase):
    def test_records_keep_quoted_line_breaks(self):
        data = b'h\n1,"a\nb",c\n2,"x ""y""\n",z\n'
        self.assertEqual(list(plan_order.records(data)), [b"h\n", b'1,"a\nb",c\n', b'2,"x ""y""\n",z\n'])

    def test_sorted_by_time_id_bytes_and_campaign_stably(self):
        rows = [b"t2,l,a,c1,s1\n", b"t1,l,b,c1,s\n", b"t1,l,\xc3\xa9,c1,s\n", b"t1,l,b,c0,s\n", b"t2,l,a,c1,s0\n"]
        ordered = sorted(rows, key=plan_order.sort_key)
        self.assertEqual(ordered, [b"t1,l,b,c0,s\n", b"t1,l,b,c1,s\n", b"t1,l,\xc3\xa9,c1,s\n",
                                   b"t2,l,a,c1,s1\n", b"t2,l,a,c1,s0\n"])


if __name__ == "__main__":
    unittest.main()
