/* Throw-away packages for the package tests: a temporary directory filled
 * file by file, so that each broken-package rule has its own small case. */
#ifndef TESTS_UNIT_PACKAGE_PKGFS_H
#define TESTS_UNIT_PACKAGE_PKGFS_H

/* Creates /tmp/verdict-pkg-XXXXXX/<name>/ and returns its path (static
 * storage, one at a time). */
const char *pkgfs_new(const char *name);
/* Writes text to <package>/rel, creating the directories on the way. */
void pkgfs_write(const char *rel, const char *text);
/* Creates the symbolic link <package>/rel pointing at target. */
void pkgfs_link(const char *target, const char *rel);
/* Removes the file <package>/rel. */
void pkgfs_remove(const char *rel);
/* A minimal valid package of the given version ("legacy", "2023-07-draft",
 * "2025-09"), to break one rule at a time. */
const char *pkgfs_minimal(const char *version);
/* Removes the temporary directory. */
void pkgfs_cleanup(void);
/* The directory of the committed test packages (tests/packages). */
const char *pkgfs_fixtures(void);

#endif
