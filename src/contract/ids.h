/* The ids of the submission contract: user, problem and submission ids, each
 * with its one rule. Every layer that takes an id from outside (api bodies and
 * paths, the gateway's hello, queue jobs, problem directories, Redis keys)
 * asks here, so that an id one entry point accepts is accepted by all.
 *
 * Why src/contract/ is a layer of its own: store/ needs the user id rule (its
 * Redis keys embed it) and judge/ the problem id rule (its cache paths embed
 * it), and neither may call the other; common/ holds nothing about judging.
 * So the contract sits just above common/ and below store/ and judge/, and
 * every role reaches it. What only judge/ can decide stays there: a language
 * id or alias is known when judge/lang.c's lang_find() knows it, and a
 * checker name is valid when judge/checker.c's checker_parse() takes it. */
#ifndef CONTRACT_IDS_H
#define CONTRACT_IDS_H

#include <stdbool.h>
#include <stddef.h>

/* Longest user id and problem id, in bytes (the tables' limits). */
#define IDS_USER_MAX 64
#define IDS_PROBLEM_MAX 64
/* Longest submission id: 18 digits always fit a bigint. */
#define IDS_SUBMISSION_MAX 18
/* A public submission id: 32 lowercase hex digits (sql/004_public_ids.sql). */
#define IDS_PUBLIC_LEN 32

/* The rules in words, for the messages that refuse an id: one text per rule,
 * so that every entry point explains it the same way. */
#define IDS_USER_RULE "1-64 characters of A-Z a-z 0-9 _ . @ -"
#define IDS_PROBLEM_RULE "1-64 characters of a-z 0-9 -, not starting with -"

/* True when s[0..len) is a user id: 1 to 64 bytes of [A-Za-z0-9_.@-].
 *
 * Narrow on purpose. A user id is a path segment (GET /api/users/{id}/...,
 * never percent-decoded), part of Redis keys whose {id} is a Cluster hash tag
 * (a '}' or '{' in it would split a user's keys across slots), signed with a
 * newline separator in tokens, and written to log lines; no character of this
 * set needs escaping in any of them, and none looks like another. */
bool ids_user_valid(const char *s, size_t len);

/* The user the Judge0-compatible API acts for when no user token names one
 * (open mode, the admin token): all such runs are its, under one fair-share
 * turn, and its event history is theirs. */
#define IDS_USER_JUDGE0 "judge0"

/* True when a user token may name s[0..len): a valid user id other than
 * IDS_USER_JUDGE0. No token is minted or taken for that one, so that a site
 * user who happens to be called "judge0" does not read every Judge0 client's
 * runs; the admin token still acts for it. */
bool ids_user_tokenable(const char *s, size_t len);

/* True when s[0..len) is a problem id: 1 to 64 bytes of [a-z0-9-], the first
 * one a letter or digit (DESIGN.md's import format; a leading '-' would read
 * as an option on every command line that names the problem or its
 * directory). */
bool ids_problem_valid(const char *s, size_t len);

/* True when s[0..len) is a submission id: 1 to IDS_SUBMISSION_MAX decimal
 * digits, no sign. This is the row id: internal, it names a submission only
 * in queue jobs and between the store and the worker. */
bool ids_submission_valid(const char *s, size_t len);

/* True when s[0..len) is a public submission id: exactly IDS_PUBLIC_LEN
 * lowercase hex digits. Every api answer, event and page names a submission
 * by it; being random (>= 96 bits), it cannot be guessed from another. */
bool ids_public_valid(const char *s, size_t len);

#endif
