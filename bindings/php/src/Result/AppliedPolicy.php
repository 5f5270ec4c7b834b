<?php

declare(strict_types=1);

namespace Tthc\Result;

/** A policy that changed the decision, as the receipt records it. */
final readonly class AppliedPolicy
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(
        public string $policy,
        public string $kind,
        public string $source,
        public string $status,
        public ?\DateTimeImmutable $validFrom,
        public ?\DateTimeImmutable $validTo,
        /** The instant its validity was checked at (payment or submission). */
        public ?\DateTimeImmutable $inForceAt,
        public array $legalBasis,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('policy'), $r->str('kind'), $r->str('source'), $r->str('status'), $r->optDate('valid_from'), $r->optDate('valid_to'), $r->optInstant('in_force_at'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
