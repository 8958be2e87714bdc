// nock 15's socket interceptor (@mswjs/interceptors) calls Promise.withResolvers, which Node 20
// lacks (it arrived in Node 22) although nock declares node >= 20.12.1. Without this every pg
// connection made while nock is loaded fails. Import it before nock.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
