<?php

declare(strict_types=1);

namespace Tthc;

/** A date of the Vietnamese lunar calendar (âm lịch); `leap` marks a leap month (tháng nhuận). */
final readonly class LunarDate
{
    public function __construct(
        public int $year,
        public int $month,
        public int $day,
        public bool $leap = false,
    ) {
    }
}
