// expect: CE
int main() { std::vector<int> v; }
