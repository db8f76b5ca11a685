/* A packaged problem's statement as verdict serves it: Markdown whose first
 * line is "# Title". LaTeX is converted by pandoc (Debian's), run as a child
 * process with --sandbox (no file is read but its input: a statement's
 * \input{/etc/...} reads nothing) and a deadline. Blocking: the CLI calls it
 * directly, the api from its thread pool. */
#ifndef JUDGE_STATEMENT_H
#define JUDGE_STATEMENT_H

#include <stddef.h>

/* How long pandoc may take on one statement, and the most Markdown kept. */
#define STATEMENT_PANDOC_MS 10000
#define STATEMENT_MD_MAX (4u << 20)

/* The \newcommand definitions prepended to every LaTeX statement: the
 * problemtools macros pandoc does not know (\problemname, \illustration,
 * \sampleheader, \sampletable, ...), turned into what a page can show. */
extern const char statement_latex_preamble[];

/* Converts LaTeX (len bytes) to GitHub Markdown with TeX math kept as
 * $...$ / $$...$$ (the page renders it with KaTeX). title replaces
 * \problemyamlname. Returns 0 and a new string in *md, or -1 with a reason
 * in err (pandoc missing, failed, over the deadline or the size). */
int statement_from_latex(const char *tex, size_t len, const char *title, char **md, char *err,
                         size_t errlen);

#endif
