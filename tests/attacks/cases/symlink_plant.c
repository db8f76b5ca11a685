/* expect: ok
 * Symlink planting: leaves links in /box named like the files the host will
 * read and write (output.txt, main, a directory) pointing at host files
 * (argv[1], argv[2]), hoping the host follows them. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    if (symlink(argv[1], "/box/output.txt") < 0 || symlink(argv[1], "/box/main") < 0 ||
        symlink(argv[2], "/box/dir") < 0) {
        perror("symlink");
        return 1;
    }
    return 0;
}
