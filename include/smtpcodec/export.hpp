// File: export.hpp
//
// Symbol visibility and lifetime annotations shared by every public header.
// The library is built with -fvisibility=hidden; SMTPCODEC_API marks what it exports.
#pragma once

#if defined(SMTPCODEC_STATIC)
#define SMTPCODEC_API
#elif defined(_WIN32)
#if defined(BUILDING_SMTPCODEC)
#define SMTPCODEC_API __declspec(dllexport)
#else
#define SMTPCODEC_API __declspec(dllimport)
#endif
#else
#define SMTPCODEC_API __attribute__((visibility("default")))
#endif

// Marks a parameter whose storage a returned view points into, so clang warns when the
// caller passes a temporary (abseil's ABSL_ATTRIBUTE_LIFETIME_BOUND).
#if defined(__clang__)
#define SMTPCODEC_LIFETIME_BOUND [[clang::lifetimebound]]
#else
#define SMTPCODEC_LIFETIME_BOUND
#endif
