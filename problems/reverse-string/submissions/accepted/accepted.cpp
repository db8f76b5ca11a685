class Solution {
public:
    string reverseString(string s) {
        string r;
        r.reserve(s.size());
        size_t end = s.size();
        while (end > 0) {
            size_t start = end - 1;
            while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) start--;
            r.append(s, start, end - start);
            end = start;
        }
        return r;
    }
};
