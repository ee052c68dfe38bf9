#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <bcc/proto.h>

struct index_key_t {
  u32 index;
};

BPF_HASH(ipv4_send_bytes, struct index_key_t);

int kprobe__tcp_sendmsg(struct pt_regs *ctx, struct sock *sk,
    struct msghdr *msg, size_t size)
{
    u16 family = sk->__sk_common.skc_family;

    if (family == AF_INET) {
        u32 dst = sk->__sk_common.skc_daddr;
        unsigned categorized = 0;
        
        if (!categorized && (16777343 & 4294967295) ==
             (dst & 4294967295)) {
          struct index_key_t key = {.index = 0};
          ipv4_send_bytes.atomic_increment(key, size);
          categorized = 1;
        }
    
        if (!categorized && (10 & 255) ==
             (dst & 255)) {
          struct index_key_t key = {.index = 1};
          ipv4_send_bytes.atomic_increment(key, size);
          categorized = 1;
        }
    
        if (!categorized && (4268 & 61695) ==
             (dst & 61695)) {
          struct index_key_t key = {.index = 2};
          ipv4_send_bytes.atomic_increment(key, size);
          categorized = 1;
        }
    
        if (!categorized && (43200 & 65535) ==
             (dst & 65535)) {
          struct index_key_t key = {.index = 3};
          ipv4_send_bytes.atomic_increment(key, size);
          categorized = 1;
        }
    
        if (!categorized && (0 & 0) ==
             (dst & 0)) {
          struct index_key_t key = {.index = 4};
          ipv4_send_bytes.atomic_increment(key, size);
          categorized = 1;
        }
    
    }
    return 0;
}
