wrk.method = "POST"
wrk.path = "/submit"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"userId":"alice","problemId":"a-plus-b","language":"c","code":"int main(){return 0;}"}'
