/* Does not compile: the package's own fault, a 400 naming it (never a 503). */
int main(void)
{
    return missing_name;
}
