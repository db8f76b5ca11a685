package main

import (
	"bufio"
	"container/heap"
	"os"
	"strconv"
)

type item struct {
	d int64
	v int32
}
type pq []item

func (h pq) Len() int            { return len(h) }
func (h pq) Less(i, j int) bool  { return h[i].d < h[j].d }
func (h pq) Swap(i, j int)       { h[i], h[j] = h[j], h[i] }
func (h *pq) Push(x interface{}) { *h = append(*h, x.(item)) }
func (h *pq) Pop() interface{} {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Split(bufio.ScanWords)
	next := func() int64 {
		sc.Scan()
		v, _ := strconv.ParseInt(sc.Text(), 10, 64)
		return v
	}
	n, m := int(next()), int(next())
	head := make([]int32, n+1)
	for i := range head {
		head[i] = -1
	}
	nxt := make([]int32, 2*m)
	to := make([]int32, 2*m)
	w := make([]int64, 2*m)
	e := int32(0)
	for i := 0; i < m; i++ {
		u, v, c := int32(next()), int32(next()), next()
		to[e], w[e], nxt[e], head[u] = v, c, head[u], e
		e++
		to[e], w[e], nxt[e], head[v] = u, c, head[v], e
		e++
	}
	dist := make([]int64, n+1)
	for i := range dist {
		dist[i] = -1
	}
	dist[1] = 0
	h := &pq{{0, 1}}
	for h.Len() > 0 {
		it := heap.Pop(h).(item)
		if it.d != dist[it.v] {
			continue
		}
		for k := head[it.v]; k != -1; k = nxt[k] {
			nd := it.d + w[k]
			if dist[to[k]] == -1 || nd < dist[to[k]] {
				dist[to[k]] = nd
				heap.Push(h, item{nd, to[k]})
			}
		}
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	for i := 1; i <= n; i++ {
		out.WriteString(strconv.FormatInt(dist[i], 10))
		out.WriteByte('\n')
	}
}
