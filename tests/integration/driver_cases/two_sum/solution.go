import "fmt"

func twoSum(nums []int, target int) []int {
	fmt.Printf("checking %d\n", len(nums))
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if nums[i]+nums[j] == target {
				return []int{i, j}
			}
		}
	}
	return nil
}
