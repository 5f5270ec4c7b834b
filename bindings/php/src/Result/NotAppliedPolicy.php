<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A policy considered and not applied, with the reason (not-in-force, condition-false, less-favourable, …). */
final readonly class NotAppliedPolicy
{
    public function __construct(
        public string $policy,
        public string $source,
        public string $reason,
        /** The condition that failed (e.g. "when.channels"), for condition-false. */
        public ?string $condition,
        public string $detail,
        /** The policy or overlay that replaced or beat it. */
        public ?string $by,
        public ?\DateTimeImmutable $validFrom,
        public ?\DateTimeImmutable $validTo,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('policy'), $r->str('source'), $r->str('reason'), $r->optStr('condition'), $r->str('detail'), $r->optStr('by'), $r->optDate('valid_from'), $r->optDate('valid_to'));
    }
}
