// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* common/sha256.c against FIPS 180-4's examples and lengths around the
 * padding boundary (55, 56, 64 bytes), and the build-input tag keys. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bcc2core/object_format.h"
#include "sha256.h"
#include "test.h"

static void test_vectors(void)
{
	static const struct {
		const char *in, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		/* 55 bytes: the length still fits the last block */
		{ "0123456789012345678901234567890123456789012345678901234",
		  "f34d5a0f80c0cbf84c8c0b90218c22637abd199965249da736a20143c8c9c9d9" },
		/* 64 bytes: a block of padding alone */
		{ "0123456789012345678901234567890123456789012345678901234567890123",
		  "9674d9e078535b7cec43284387a6ee39956188e735a85452b0050b55341cda56" },
	};
	char hex[65];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ASSERT_OK(sha256_hex(v[i].in, strlen(v[i].in), hex), "hash");
		ASSERT_STREQ(hex, v[i].hex, v[i].in);
	}
}

static void test_input_tags(void)
{
	enum bcc2core_tag_key key;
	const char *value;

	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:btf=sha256:00ff", &key, &value), "btf");
	ASSERT_EQ(key, BCC2CORE_TAG_BTF, "btf key");
	ASSERT_STREQ(value, "sha256:00ff", "btf value");
	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:kernel=6.1.0-18-amd64", &key, &value), "kernel");
	ASSERT_EQ(key, BCC2CORE_TAG_KERNEL, "kernel key");
	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:kconfig=sha256:00", &key, &value), "kconfig");
	ASSERT_EQ(key, BCC2CORE_TAG_KCONFIG, "kconfig key");
}

TEST_MAIN(test_vectors, test_input_tags)
