#pragma once
#include <cstdio>
#include <string>

// Writes why to the team's feedback and answers wrong (43).
static int wrong(const char *feedback_dir, const char *why)
{
    std::string path = std::string(feedback_dir) + "/teammessage.txt";
    if (FILE *f = fopen(path.c_str(), "w")) {
        fprintf(f, "%s\n", why);
        fclose(f);
    }
    return 43;
}
