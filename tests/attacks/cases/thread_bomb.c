/* expect: ok
 * Thread bomb: threads until pthread_create fails; prints how many it got.
 * The pids cgroup counts threads, so the count stays under the limit. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

int main(void)
{
    int n = 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 0; i < 100000; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, sleeper, NULL) != 0)
            break;
        n++;
    }
    printf("%d\n", n);
    return 0;
}
