// expect: CE
// message: compilation exceeded
// Each level doubles the type: memory and time grow exponentially.
#include <utility>
template <class T> struct D { using type = typename D<std::pair<T, T>>::type; };
int main() { D<int>::type x; }
