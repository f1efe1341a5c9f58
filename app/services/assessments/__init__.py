"""Self-evaluation: frameworks, assessments and their links, answers, results, rounds, export,
the benchmark and retention. Plain typed functions; routes in app/api/assessments.py and
app/api/frameworks.py."""
