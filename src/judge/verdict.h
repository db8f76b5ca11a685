/* Verdict codes (DESIGN.md "Verdict codes") and their names. */
#ifndef JUDGE_VERDICT_H
#define JUDGE_VERDICT_H

/* In the order a test can end; VERDICT_AC is the only success. */
enum verdict {
    VERDICT_AC,
    VERDICT_WA,
    VERDICT_TLE,
    VERDICT_MLE,
    VERDICT_OLE,
    VERDICT_RE,
    VERDICT_CE,
    VERDICT_IE,
};

/* Returns "AC", "WA", ... "IE". */
const char *verdict_name(enum verdict v);

#endif
