-- wrk script: POST a fixed submission body to the path given in WRK_PATH.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"userId":"bench","problemId":"a-plus-b","language":"c","code":"#include <stdio.h>\\nint main(void){long a,b;if(scanf(\\"%ld %ld\\",&a,&b)!=2)return 1;printf(\\"%ld\\\\n\\",a+b);return 0;}\\n"}'
