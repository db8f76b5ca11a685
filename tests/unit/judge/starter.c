/* Tests of src/judge/starter.c: LeetCode's templates, golden. */
#include "judge/starter.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static struct signature sig(const char *json)
{
    char err[256];
    cJSON *j = cJSON_Parse(json);
    struct signature s;
    cr_assert_eq(signature_parse(j, &s, err, sizeof(err)), 0, "%s", err);
    cJSON_Delete(j);
    return s;
}

static const char two_sum[] = "{\"name\": \"twoSum\", \"params\": [{\"name\": \"nums\", \"type\": "
                              "\"int[]\"}, {\"name\": \"target\", \"type\": \"int\"}], "
                              "\"returns\": \"int[]\"}";

static void expect(const struct signature *s, const char *lang, const char *want)
{
    char *code = starter_code(s, lang_find(lang));
    cr_assert_str_eq(code, want, "%s:\n%s", lang, code);
    free(code);
}

Test(starter, two_sum_as_leetcode_has_it)
{
    struct signature s = sig(two_sum);
    expect(&s, "c",
           "/**\n * Note: The returned array must be malloced, assume caller calls free().\n */\n"
           "int* twoSum(int* nums, int numsSize, int target, int* returnSize) {\n    \n}\n");
    expect(&s, "cpp",
           "class Solution {\npublic:\n    vector<int> twoSum(vector<int>& nums, int target) {\n"
           "        \n    }\n};\n");
    expect(&s, "python",
           "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
           "        \n");
    expect(&s, "java",
           "class Solution {\n    public int[] twoSum(int[] nums, int target) {\n        \n"
           "    }\n}\n");
    expect(&s, "javascript",
           "/**\n * @param {number[]} nums\n * @param {number} target\n * @return {number[]}\n"
           " */\nvar twoSum = function(nums, target) {\n    \n};\n");
    expect(&s, "go", "func twoSum(nums []int, target int) []int {\n    \n}\n");
    expect(&s, "rust",
           "impl Solution {\n    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {\n"
           "        \n    }\n}\n");
}

Test(starter, grids_strings_and_longs)
{
    struct signature s =
        sig("{\"name\": \"findWords\", \"params\": [{\"name\": \"board\", \"type\": "
            "\"string[][]\"}, {\"name\": \"maxLen\", \"type\": \"long\"}, {\"name\": \"w\", "
            "\"type\": \"double[]\"}], \"returns\": \"bool[][]\"}");
    expect(&s, "c",
           "/**\n * Return an array of arrays of size *returnSize.\n * The sizes of the arrays are "
           "returned as *returnColumnSizes array.\n * Note: Both returned array and *columnSizes "
           "array must be malloced, assume caller calls free().\n */\n"
           "bool** findWords(char*** board, int boardSize, int* boardColSize, long long maxLen, "
           "double* w, int wSize, int* returnSize, int** returnColumnSizes) {\n    \n}\n");
    expect(&s, "cpp",
           "class Solution {\npublic:\n    vector<vector<bool>> findWords(vector<vector<string>>& "
           "board, long long maxLen, vector<double>& w) {\n        \n    }\n};\n");
    expect(&s, "python",
           "class Solution:\n    def findWords(self, board: List[List[str]], maxLen: int, w: "
           "List[float]) -> List[List[bool]]:\n        \n");
    expect(&s, "java",
           "class Solution {\n    public boolean[][] findWords(String[][] board, long maxLen, "
           "double[] w) {\n        \n    }\n}\n");
    expect(
        &s, "javascript",
        "/**\n * @param {string[][]} board\n * @param {number} maxLen\n * @param {number[]} w\n"
        " * @return {boolean[][]}\n */\nvar findWords = function(board, maxLen, w) {\n    \n};\n");
    expect(&s, "go",
           "func findWords(board [][]string, maxLen int64, w []float64) [][]bool {\n    \n}\n");
    expect(&s, "rust",
           "impl Solution {\n    pub fn find_words(board: Vec<Vec<String>>, max_len: i64, w: "
           "Vec<f64>) -> Vec<Vec<bool>> {\n        \n    }\n}\n");
}

Test(starter, c_strings_and_scalar_returns)
{
    struct signature s = sig("{\"name\": \"join\", \"params\": [{\"name\": \"words\", \"type\": "
                             "\"string[]\"}], \"returns\": \"string\"}");
    expect(&s, "c", "char* join(char** words, int wordsSize) {\n    \n}\n");
    s = sig("{\"name\": \"answer\", \"params\": [], \"returns\": \"int[]\"}");
    expect(&s, "c",
           "/**\n * Note: The returned array must be malloced, assume caller calls free().\n */\n"
           "int* answer(int* returnSize) {\n    \n}\n");
}

Test(starter, all_languages_in_one_object)
{
    struct signature s = sig(two_sum);
    cJSON *all = starter_all(&s);
    int n = 0;
    for (const struct lang *const *l = lang_all(); *l; l++, n++)
        cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(all, (*l)->id)), "%s", (*l)->id);
    cr_assert_eq(cJSON_GetArraySize(all), n);
    cJSON_Delete(all);
}
