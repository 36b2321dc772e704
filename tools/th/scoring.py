"""Thai for the scoring and framework work of issue 17: rounds, criteria over time, readable trails."""

TH = {
    "no score is stored for %(period)s yet.": "ยังไม่มีคะแนนของ%(period)s",
}
